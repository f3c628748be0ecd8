package dev.scangate.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

  @Test
  void readsDockerHubBearerChallengeWithCommaInsideQuotedScope() {
    List<AuthChallenge> challenges = AuthChallenge.parseAll(List.of(
        "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
            + "scope=\"repository:samalba/my-app:pull,push\""));

    assertThat(challenges).containsExactly(new AuthChallenge("bearer", Map.of(
        "realm", "https://auth.docker.io/token", "service", "registry.docker.io",
        "scope", "repository:samalba/my-app:pull,push")));
  }

  @Test
  void acceptsParametersInAnyOrderWithSpacesAndAnyCase() {
    AuthChallenge challenge = AuthChallenge.parseAll(List.of(
        "BEARER  scope = \"repository:a/b:pull\" ,  Service=ghcr.io ,REALM=\"https://ghcr.io/token\""))
        .get(0);

    assertThat(challenge.isBearer()).isTrue();
    assertThat(challenge.param("realm")).isEqualTo("https://ghcr.io/token");
    assertThat(challenge.param("service")).isEqualTo("ghcr.io");
    assertThat(challenge.param("scope")).isEqualTo("repository:a/b:pull");
  }

  @Test
  void readsTheBasicChallengeOfTheHtpasswdRegistry() {
    // What distribution 2.8 with htpasswd auth sends (dev/test-env.sh, 127.0.0.1:5001).
    AuthChallenge challenge =
        AuthChallenge.parseAll(List.of("Basic realm=\"scangate-test\"")).get(0);

    assertThat(challenge.isBasic()).isTrue();
    assertThat(challenge.param("realm")).isEqualTo("scangate-test");
  }

  @Test
  void splitsSeveralChallengesInOneHeaderAndAcrossHeaders() {
    List<AuthChallenge> challenges = AuthChallenge.parseAll(List.of(
        "Basic realm=\"a, b\", Bearer realm=\"https://r/t\",service=\"s\"",
        "Negotiate"));

    assertThat(challenges).extracting(AuthChallenge::scheme)
        .containsExactly("basic", "bearer", "negotiate");
    assertThat(challenges.get(0).param("realm")).isEqualTo("a, b");
    assertThat(challenges.get(1).param("service")).isEqualTo("s");
  }

  @Test
  void unescapesQuotedPairs() {
    AuthChallenge challenge =
        AuthChallenge.parseAll(List.of("Basic realm=\"say \\\"hi\\\" \\\\ there\"")).get(0);

    assertThat(challenge.param("realm")).isEqualTo("say \"hi\" \\ there");
  }

  @Test
  void readsUnquotedUrlValuesLeniently() {
    AuthChallenge challenge = AuthChallenge.parseAll(
        List.of("Bearer realm=https://auth.example/token?x=1,service=reg")).get(0);

    assertThat(challenge.param("realm")).isEqualTo("https://auth.example/token?x=1");
    assertThat(challenge.param("service")).isEqualTo("reg");
  }

  @Test
  void givesNothingForEmptyOrGarbageHeaders() {
    assertThat(AuthChallenge.parseAll(List.of())).isEmpty();
    assertThat(AuthChallenge.parseAll(List.of("", " , ,"))).isEmpty();
    assertThat(AuthChallenge.parseAll(List.of("\"unterminated"))).allSatisfy(
        c -> assertThat(c.isBearer()).isFalse());
  }
}
