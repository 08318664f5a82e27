package org.syndicate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.syndicate.preserves.text.TextReader;

/** {@link ClientPattern}: the script pattern syntax without variables, and its binder order. */
class ClientPatternTest {
  static ClientPattern p(String text) {
    return ClientPattern.compile(TextReader.parse(text));
  }

  @Test
  void compilesDiscardBindersLiteralsAndGroups() {
    assertThat(p("<service-state ?name ready>").pattern().toValue().toString())
        .isEqualTo("<group <rec service-state> {0: <bind <_>> 1: <lit ready>}>");
    assertThat(p("[_ =?x 3]").pattern().toValue().toString()).isEqualTo("<group <arr> {0: <_> 1: <lit ?x> 2: <lit 3>}>");
    assertThat(p("<?all <a ?inner>>").binders()).containsExactly("all", "inner");
    assertThat(p("{b: ?second a: ?first}").binders()).containsExactly("first", "second");
  }

  @Test
  void rejectsVariablesSetsAndBinderLabels() {
    assertThatThrownBy(() -> p("<a $x>")).hasMessageContaining("$x").hasMessageContaining("/0");
    assertThatThrownBy(() -> p("[#{1}]")).hasMessageContaining("sets");
    assertThatThrownBy(() -> p("<?x a b>")).hasMessageContaining("label");
  }

  @Test
  void routesParseAndReportErrors() {
    Route r = Route.parse("<route [<tcp \"localhost\" 9001> <unix \"/tmp/s\">] <ref {oid: a sig: #x\"00\"}>>");
    assertThat(r.transports()).hasSize(2);
    assertThat(r.steps()).hasSize(1);
    assertThatThrownBy(() -> Route.parse("<route [<tcp \"h\" 70000>]>")).hasMessageContaining("unsupported transport");
    assertThatThrownBy(() -> Route.parse("<route [<unix \"/s\">] 3>")).hasMessageContaining("bad route step");
    assertThatThrownBy(() -> Route.parse("<route [")).hasMessageContaining("bad route");
    assertThat(Route.defaultRoute().toString()).startsWith("<route [<unix \"").endsWith("/syndicate.sock\">]>");
  }
}
