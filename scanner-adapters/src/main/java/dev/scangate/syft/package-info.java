/**
 * The Syft adapter: {@link dev.scangate.syft.SyftCataloger} runs {@code syft} through the process
 * runner, {@link dev.scangate.syft.SyftJsonNormalizer} turns its syft-json into the catalog model.
 */
package dev.scangate.syft;
