package org.syndicate.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.DoubleValue;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextReader;

/**
 * {@link ClientText} (embedded references as {@code #:<ref N>}, numbered per run) and {@link
 * JsonText} (JSON where it can, Preserves text in a string where it cannot), on values built here.
 */
class ClientTextTest {
  /** A host payload with a Java toString, as entity references have. */
  record FakeRef(int id) {}

  static Value v(String text) {
    return TextReader.parse(text);
  }

  @Test
  void embeddedReferencesAreNumberedByFirstAppearanceAndReadBack() {
    ClientText t = new ClientText();
    Embedded a = Embedded.of(new FakeRef(7));
    Embedded b = Embedded.of(new FakeRef(3));
    Value name = org.syndicate.preserves.RecordValue.of("relay-listener", v("<unix \"/s\">"), a);
    assertThat(t.text(name)).isEqualTo("<relay-listener <unix \"/s\"> #:<ref 1>>");
    assertThat(t.text(org.syndicate.preserves.Sequence.of(b, a, b))).isEqualTo("[#:<ref 2> #:<ref 1> #:<ref 2>]");
    // an equal payload is the same reference
    assertThat(t.text(Embedded.of(new FakeRef(3)))).isEqualTo("#:<ref 2>");
    // never the Java form, and always valid Preserves text
    assertThat(t.text(name)).doesNotContain("FakeRef");
    Value back = TextReader.parse(t.text(name));
    assertThat(back.isRecord("relay-listener")).isTrue();
    // a value payload prints as itself
    assertThat(t.text(Embedded.of(v("<x 1>")))).isEqualTo("#:<x 1>");
    // another run numbers afresh
    assertThat(new ClientText().text(b)).isEqualTo("#:<ref 1>");
  }

  @Test
  void jsonHoldsWhatItCanAndPreservesTextOtherwise() throws Exception {
    ClientText t = new ClientText();
    Value d = v("{name: <daemon web> states: [started ready] wanted: required pids: [42 12345678901234567890]"
        + " ok: #t none: #f ratio: 0.5 msg: \"a \\\"quoted\\\"\\nline\\u0001\" bytes: #x\"00ff\" set: #{1}"
        + " odd: {1: 2} nested: {\"k\": [sym \"s\"]}}");
    String json = JsonText.json(d, t);
    assertThat(json).doesNotContain("\n");
    JsonNode n = new ObjectMapper().readTree(json);
    assertThat(n.get("name").asText()).isEqualTo("<daemon web>");
    assertThat(n.get("states").get(0).asText()).isEqualTo("started");
    assertThat(n.get("wanted").asText()).isEqualTo("required");
    assertThat(n.get("pids").get(0).asLong()).isEqualTo(42);
    assertThat(n.get("pids").get(1).bigIntegerValue()).hasToString("12345678901234567890");
    assertThat(n.get("ok").asBoolean()).isTrue();
    assertThat(n.get("none").isBoolean()).isTrue();
    assertThat(n.get("ratio").asDouble()).isEqualTo(0.5);
    assertThat(n.get("msg").asText()).isEqualTo("a \"quoted\"\nline\u0001");
    assertThat(n.get("bytes").asText()).isEqualTo("#x\"00ff\"");
    assertThat(n.get("set").asText()).isEqualTo("#{1}");
    assertThat(n.get("odd").asText()).isEqualTo("{1: 2}");
    assertThat(n.get("nested").get("k").get(1).asText()).isEqualTo("s");
    JsonNode e = new ObjectMapper().readTree(JsonText.json(Embedded.of(new FakeRef(1)), t));
    assertThat(e.asText()).isEqualTo("#:<ref 1>");
    JsonNode nan = new ObjectMapper().readTree(JsonText.json(DoubleValue.of(Double.NaN), t));
    assertThat(nan.isTextual()).isTrue();
  }
}
