package dev.scangate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigCredentialsTest {

  @TempDir
  Path dir;

  private final CredentialHelper noHelpers = new CredentialHelper(List.of(), Duration.ofSeconds(5));

  private static String auth(String userColonPassword) {
    return Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
  }

  private Path write(String name, String json) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, json);
    return file;
  }

  @Test
  void splitsAuthAtTheFirstColonSoPasswordsMayContainColons() throws IOException {
    Path config = write("config.json", "{\"auths\":{\"registry.example.com:5000\":{\"auth\":\""
        + auth("ci-bot:pa:ss:word") + "\"}}}");

    Credentials credentials = DockerConfigCredentials.load(config, null, dir, noHelpers)
        .credentialsFor("registry.example.com:5000").orElseThrow();

    assertThat(credentials.username()).isEqualTo("ci-bot");
    assertThat(credentials.password()).isEqualTo("pa:ss:word");
  }

  @Test
  void matchesKeysWrittenAsUrlsAndDockerHubsLegacyKey() throws IOException {
    Path config = write("config.json", "{\"auths\":{"
        + "\"https://index.docker.io/v1/\":{\"auth\":\"" + auth("hubuser:hubpass") + "\"},"
        + "\"https://ghcr.io\":{\"username\":\"gh\",\"password\":\"ghp_x\"},"
        + "\"http://Registry.LAN:5000/v2/\":{\"auth\":\"" + auth("lan:pw") + "\"}}}");
    DockerConfigCredentials credentials =
        DockerConfigCredentials.load(config, null, dir, noHelpers);

    assertThat(credentials.credentialsFor("docker.io")).get()
        .extracting(Credentials::username).isEqualTo("hubuser");
    assertThat(credentials.credentialsFor("index.docker.io")).get()
        .extracting(Credentials::username).isEqualTo("hubuser");
    assertThat(credentials.credentialsFor("ghcr.io")).get()
        .extracting(Credentials::password).isEqualTo("ghp_x");
    assertThat(credentials.credentialsFor("registry.lan:5000")).get()
        .extracting(Credentials::username).isEqualTo("lan");
    assertThat(credentials.credentialsFor("quay.io")).isEmpty();
  }

  @Test
  void readsIdentityTokens() throws IOException {
    Path config = write("config.json", "{\"auths\":{\"myregistry.azurecr.io\":{"
        + "\"auth\":\"" + auth("00000000-0000-0000-0000-000000000000:") + "\","
        + "\"identitytoken\":\"eyJhbGciOi.refresh\"}}}");

    Credentials credentials = DockerConfigCredentials.load(config, null, dir, noHelpers)
        .credentialsFor("myregistry.azurecr.io").orElseThrow();

    assertThat(credentials.hasIdentityToken()).isTrue();
    assertThat(credentials.identityToken()).isEqualTo("eyJhbGciOi.refresh");
    assertThat(credentials.hasPassword()).isFalse();
  }

  @Test
  void aConfigWithOnlyCredsStoreAndNoHelperInstalledGivesNoCredentials() throws IOException {
    Path config = write("config.json", "{\"credsStore\":\"desktop\"}");

    DockerConfigCredentials credentials =
        DockerConfigCredentials.load(config, null, dir, noHelpers);

    assertThat(credentials.credentialsFor("docker.io")).isEmpty();
    assertThat(credentials.credentialsFor("ghcr.io")).isEmpty();
  }

  @Test
  void asksTheCredentialHelperWithTheServerUrlOnStdin() throws IOException {
    Path bin = helperScript("fake", "url=$(cat)\n"
        + "printf '{\"ServerURL\":\"%s\",\"Username\":\"helper-user\",\"Secret\":\"s3:cret %s\"}'"
        + " \"$url\" \"$url\"\n");
    Path config = write("config.json", "{\"credsStore\":\"fake\","
        + "\"auths\":{\"ghcr.io\":{\"auth\":\"" + auth("file:ignored") + "\"}}}");
    DockerConfigCredentials credentials = DockerConfigCredentials.load(config, null, dir,
        new CredentialHelper(List.of(bin), Duration.ofSeconds(10)));

    assertThat(credentials.credentialsFor("docker.io")).contains(
        Credentials.basic("helper-user", "s3:cret https://index.docker.io/v1/"));
    assertThat(credentials.credentialsFor("ghcr.io"))
        .contains(Credentials.basic("helper-user", "s3:cret ghcr.io"));
  }

  @Test
  void credHelpersWinOverCredsStoreAndTokenUsernameMeansIdentityToken() throws IOException {
    Path bin = helperScript("ecr", "cat >/dev/null\n"
        + "printf '{\"Username\":\"<token>\",\"Secret\":\"refresh-token\"}'\n");
    Path config = write("config.json", "{\"credsStore\":\"missing\","
        + "\"credHelpers\":{\"123.dkr.ecr.us-east-1.amazonaws.com\":\"ecr\"}}");
    DockerConfigCredentials credentials = DockerConfigCredentials.load(config, null, dir,
        new CredentialHelper(List.of(bin), Duration.ofSeconds(10)));

    assertThat(credentials.credentialsFor("123.dkr.ecr.us-east-1.amazonaws.com"))
        .contains(Credentials.identityToken("refresh-token"));
    assertThat(credentials.credentialsFor("ghcr.io")).isEmpty();
  }

  @Test
  void fallsBackToAuthsWhenTheHelperKnowsNothing() throws IOException {
    Path bin = helperScript("none", "cat >/dev/null\necho 'credentials not found in native"
        + " keychain'\nexit 1\n");
    Path config = write("config.json", "{\"credsStore\":\"none\","
        + "\"auths\":{\"ghcr.io\":{\"auth\":\"" + auth("file:pw") + "\"}}}");
    DockerConfigCredentials credentials = DockerConfigCredentials.load(config, null, dir,
        new CredentialHelper(List.of(bin), Duration.ofSeconds(10)));

    assertThat(credentials.credentialsFor("ghcr.io")).contains(Credentials.basic("file", "pw"));
  }

  @Test
  void killsAHelperThatDoesNotAnswerInTime() throws IOException {
    Path bin = helperScript("slow", "sleep 30\n");
    Path config = write("config.json", "{\"credsStore\":\"slow\"}");
    DockerConfigCredentials credentials = DockerConfigCredentials.load(config, null, dir,
        new CredentialHelper(List.of(bin), Duration.ofMillis(300)));

    long start = System.nanoTime();
    assertThat(credentials.credentialsFor("ghcr.io")).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aMissingDefaultFileMeansNoCredentials() {
    DockerConfigCredentials credentials =
        DockerConfigCredentials.load(null, null, dir.resolve("no-home"), noHelpers);

    assertThat(credentials.source()).isEmpty();
    assertThat(credentials.credentialsFor("docker.io")).isEmpty();
  }

  @Test
  void aConfiguredFileThatDoesNotExistFailsFast() {
    assertThatThrownBy(() -> DockerConfigCredentials.load(dir.resolve("nope.json"), null, dir,
        noHelpers))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope.json does not exist");
  }

  @Test
  void readsDockerConfigEnvBeforeHome() throws IOException {
    write("home/.docker/config.json", "{\"auths\":{\"ghcr.io\":{\"auth\":\""
        + auth("home:pw") + "\"}}}");
    write("env/config.json", "{\"auths\":{\"ghcr.io\":{\"auth\":\"" + auth("env:pw") + "\"}}}");

    assertThat(DockerConfigCredentials.load(null, dir.resolve("env").toString(),
        dir.resolve("home"), noHelpers).credentialsFor("ghcr.io")).get()
        .extracting(Credentials::username).isEqualTo("env");
    assertThat(DockerConfigCredentials.load(null, null, dir.resolve("home"), noHelpers)
        .credentialsFor("ghcr.io")).get()
        .extracting(Credentials::username).isEqualTo("home");
  }

  @Test
  void aConfiguredDirectoryMeansItsConfigJson() throws IOException {
    write("cfg/config.json", "{\"auths\":{\"ghcr.io\":{\"auth\":\"" + auth("d:pw") + "\"}}}");

    assertThat(DockerConfigCredentials.load(dir.resolve("cfg"), null, dir, noHelpers)
        .credentialsFor("ghcr.io")).isPresent();
  }

  @Test
  void malformedFilesFailNamingTheFileButNotTheSecret() throws IOException {
    Path notJson = write("a.json", "{\"auths\":");
    Path badBase64 = write("b.json", "{\"auths\":{\"ghcr.io\":{\"auth\":\"%%secret%%\"}}}");
    Path noColon = write("c.json", "{\"auths\":{\"ghcr.io\":{\"auth\":\""
        + auth("secretwithoutcolon") + "\"}}}");

    assertThatThrownBy(() -> DockerConfigCredentials.load(notJson, null, dir, noHelpers))
        .hasMessageContaining("a.json is not valid JSON");
    assertThatThrownBy(() -> DockerConfigCredentials.load(badBase64, null, dir, noHelpers))
        .hasMessageContaining("auths[\"ghcr.io\"].auth is not valid base64")
        .message().doesNotContain("secret");
    assertThatThrownBy(() -> DockerConfigCredentials.load(noColon, null, dir, noHelpers))
        .hasMessageContaining("must encode user:password")
        .message().doesNotContain("secretwithoutcolon");
  }

  @Test
  void ignoresEntriesWithoutSecrets() throws IOException {
    // What "docker login" leaves behind with a credsStore: empty placeholders in auths.
    Path config = write("config.json", "{\"auths\":{\"ghcr.io\":{}},\"credsStore\":\"\"}");

    assertThat(DockerConfigCredentials.load(config, null, dir, noHelpers)
        .credentialsFor("ghcr.io")).isEmpty();
  }

  @Test
  void credentialsNeverPrintTheirSecrets() {
    assertThat(Credentials.basic("alice", "hunter2").toString())
        .contains("alice").doesNotContain("hunter2");
    assertThat(Credentials.identityToken("tok3n").toString()).doesNotContain("tok3n");
  }

  private Path helperScript(String name, String body) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path script = bin.resolve("docker-credential-" + name);
    Files.writeString(script, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }
}
