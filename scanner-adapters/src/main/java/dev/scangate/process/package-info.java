/**
 * Running external tools: {@link dev.scangate.process.ProcessRunner} executes a
 * {@link dev.scangate.process.ProcessSpec} (argument list, no shell; allow-listed environment;
 * timeout and output limit that kill the whole process tree) for every scanner adapter.
 */
package dev.scangate.process;
