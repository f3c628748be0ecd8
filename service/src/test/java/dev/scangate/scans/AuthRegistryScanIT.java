package dev.scangate.scans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scangate.support.Api;
import dev.scangate.support.ScangateIT;
import dev.scangate.support.TestRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Scans of an image behind htpasswd basic auth, with credentials from a Docker config.json. */
class AuthRegistryScanIT {

  static Path dockerConfig(String password) {
    try {
      Path dir = Files.createTempDirectory("scangate-docker-config");
      String auth = Base64.getEncoder().encodeToString(
          (TestRegistry.authUsername() + ":" + password).getBytes(StandardCharsets.UTF_8));
      Path file = dir.resolve("config.json");
      Files.writeString(file, "{\"auths\":{\"" + TestRegistry.auth() + "\":{\"auth\":\"" + auth
          + "\"}}}");
      file.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Nested
  class WithTheRightPassword extends ScangateIT {

    @DynamicPropertySource
    static void credentials(DynamicPropertyRegistry registry) {
      Path config = dockerConfig(TestRegistry.authPassword());
      registry.add("scangate.registries.docker-config", config::toString);
    }

    @Test
    void scansPrivateImage() {
      Api.Response done = api().awaitFinished(
          api().scan(TestRegistry.auth() + "/scangate-test/private:1").text("/id"));
      assertThat(done.text("/status")).as(done.body()).isEqualTo("SUCCEEDED");
      assertThat(api().get("/api/v1/images/" + done.text("/image/digest"))
          .json().get("labels").get("dev.scangate.test").asString()).isEqualTo("private");
    }
  }

  @Nested
  class WithAWrongPassword extends ScangateIT {

    @DynamicPropertySource
    static void credentials(DynamicPropertyRegistry registry) {
      Path config = dockerConfig("not-the-password");
      registry.add("scangate.registries.docker-config", config::toString);
    }

    @Test
    void scanFailsSaying401() {
      Api.Response done = api().awaitFinished(
          api().scan(TestRegistry.auth() + "/scangate-test/private:1").text("/id"));
      assertThat(done.text("/status")).isEqualTo("FAILED");
      assertThat(done.text("/error")).contains("401").contains(TestRegistry.auth());
      assertThat(done.json().get("attempts").asInt()).as("auth errors are not retried")
          .isEqualTo(1);
    }
  }
}
