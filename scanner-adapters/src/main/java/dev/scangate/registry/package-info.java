/**
 * An OCI distribution client: {@link dev.scangate.registry.RegistryClient} pulls manifests,
 * configs and layers, verifying each against its digest, and pushes small blobs and manifests,
 * under a {@link dev.scangate.registry.RegistryAccessPolicy} that decides which registries and
 * addresses may be contacted, with credentials from a {@link dev.scangate.registry.CredentialsProvider}.
 * Failures are {@link dev.scangate.registry.RegistryException}s that say what was being done.
 *
 * <pre>{@code
 * RegistryClient client = new RegistryClient(RegistrySettings.defaults());
 * Digest digest = client.resolve(ImageReference.parse("nginx:1.27"));
 * }</pre>
 */
package dev.scangate.registry;
