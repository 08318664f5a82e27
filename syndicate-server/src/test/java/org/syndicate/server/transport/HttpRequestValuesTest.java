package org.syndicate.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parts of an HTTP request as the reference puts them in {@code <http-request …>} (§8.2). */
class HttpRequestValuesTest {
  @Test
  void pathSplitsWithoutTheLeadingSegmentAndWithoutDecoding() {
    assertThat(HttpRequestValues.path("/")).containsExactly("");
    assertThat(HttpRequestValues.path("/a/b%2Fc/")).containsExactly("a", "b%2Fc", "");
    assertThat(HttpRequestValues.path("//x")).containsExactly("", "x");
  }

  @Test
  void queryKeepsOrderRepeatsAndBareKeys() {
    Map<String, List<String>> q = HttpRequestValues.query("a=1&b&a=2&&c=x=y&b=3&d");
    assertThat(q).containsExactly(
        Map.entry("a", List.of("1", "2")), Map.entry("b", List.of("3")), Map.entry("c", List.of("x=y")), Map.entry("d", List.of()));
    assertThat(HttpRequestValues.query("")).isEmpty();
    assertThat(HttpRequestValues.query("%20=%41")).containsEntry("%20", List.of("%41"));
  }

  @Test
  void hostLosesItsPort() {
    assertThat(HttpRequestValues.stripPort("example.com:8080")).isEqualTo("example.com");
    assertThat(HttpRequestValues.stripPort("example.com")).isEqualTo("example.com");
    assertThat(HttpRequestValues.stripPort("[::1]:9001")).isEqualTo("[::1]");
    assertThat(HttpRequestValues.stripPort("[::1]")).isEqualTo("[::1]");
  }

  @Test
  void targetFormsGiveThePathAndQuery() {
    assertThat(HttpRequestValues.pathAndQuery("/p?q=1#frag")).isEqualTo("/p?q=1");
    assertThat(HttpRequestValues.pathAndQuery("http://h:1/p/q?x")).isEqualTo("/p/q?x");
    assertThat(HttpRequestValues.pathAndQuery("http://h:1?x")).isEqualTo("/?x");
    assertThat(HttpRequestValues.pathAndQuery("http://h")).isEqualTo("/");
    assertThat(HttpRequestValues.pathAndQuery("*")).isEqualTo("*");
  }
}
