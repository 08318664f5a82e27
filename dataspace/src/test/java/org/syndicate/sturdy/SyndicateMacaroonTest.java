package org.syndicate.sturdy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextReader;

/** Runs {@code bin/syndicate-macaroon}'s main class in-process against the §4.1 vectors. */
class SyndicateMacaroonTest {
  record Result(int status, String out, String err) {
    SturdyRef ref() {
      return SturdyRef.parse(TextReader.parse(out));
    }
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = SyndicateMacaroon.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(status, out.toString(), err.toString());
  }

  static ByteString b64(String s) {
    return ByteString.of(Base64.getDecoder().decode(s));
  }

  @Test
  void emptyHexKeyStringOid() {
    Result r = run("mint", "--oid", "\"syndicate\"", "--hex", "");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).endsWith("\n").doesNotContain("caveats");
    assertThat(r.ref().oid()).isEqualTo(V.str("syndicate"));
    assertThat(r.ref().sig()).isEqualTo(V.bytes("69ca300c1dbfa08fba692102dd82311a"));
  }

  @Test
  void phraseIsTheKeysUtf8Bytes() {
    Result r = run("mint", "--oid", "a-service", "--phrase", "hello");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.ref().oid()).isEqualTo(V.sym("a-service"));
    assertThat(r.ref().sig()).isEqualTo(b64("JTTGQeYCgohMXW/2S2XH8g=="));
    // the same key given as hex (68656c6c6f = "hello"), upper case and spaced
    Result h = run("mint", "--oid", "a-service", "--hex", "68 65 6C 6C 6F");
    assertThat(h.out()).isEqualTo(r.out());
  }

  @Test
  void caveatsAreAppendedInOrder() {
    String alice = "<rewrite <bind <_>> <rec labelled [<lit \"alice\"> <ref 0>]>>";
    Result r = run("mint", "--oid", "a-service", "--phrase", "hello", "--caveat", alice);
    assertThat(r.status()).as(r.err()).isZero();
    SturdyRef ref = r.ref();
    assertThat(ref.sig()).isEqualTo(b64("CXn7+rAoO3Xr6Y6Laap3OA=="));
    assertThat(ref.caveats()).containsExactly(TextReader.parse(alice));
    assertThat(ref.validate("hello".getBytes(java.nio.charset.StandardCharsets.UTF_8)).apply(TextReader.parse("<Present \"x\">")))
        .isEqualTo(TextReader.parse("<labelled \"alice\" <Present \"x\">>"));
    Result two = run("mint", "--oid", "a-service", "--phrase", "hello", "--caveat", alice, "--caveat", "<reject <_>>");
    Value second = TextReader.parse("<reject <_>>");
    assertThat(two.ref()).isEqualTo(SturdyRef.mint(V.sym("a-service"), "hello".getBytes()).attenuate(TextReader.parse(alice), second));
  }

  @Test
  void badArgumentsGiveClearErrors() {
    Result badOid = run("mint", "--oid", "<unclosed", "--phrase", "k");
    assertThat(badOid.status()).isEqualTo(1);
    assertThat(badOid.err()).contains("Could not parse oid");
    assertThat(badOid.out()).isEmpty();

    Result badCaveat = run("mint", "--oid", "x", "--phrase", "k", "--caveat", "<ok>", "--caveat", "[1 2");
    assertThat(badCaveat.status()).isEqualTo(1);
    assertThat(badCaveat.err()).contains("caveat 1");

    Result unbound = run("mint", "--oid", "x", "--phrase", "k", "--caveat", "<rewrite <_> <ref 3>>");
    assertThat(unbound.status()).isEqualTo(1);
    assertThat(unbound.err()).contains("Invalid caveat").contains("caveat 0");

    Result badHex = run("mint", "--oid", "x", "--hex", "0g");
    assertThat(badHex.status()).isEqualTo(1);
    assertThat(badHex.err()).contains("hex").contains("index 1");

    assertThat(run("mint", "--oid", "x").status()).isEqualTo(2); // no key
    assertThat(run("mint", "--oid", "x", "--phrase", "a", "--hex", "00").status()).isEqualTo(2); // both keys
    assertThat(run("mint", "--phrase", "a").status()).isEqualTo(2); // no oid
    assertThat(run().status()).isEqualTo(2); // no subcommand
    assertThat(run("--help").status()).isZero();
  }
}
