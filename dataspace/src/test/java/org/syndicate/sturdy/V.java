package org.syndicate.sturdy;

import java.util.Arrays;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/** Short builders for test values (until tests read Preserves text). */
final class V {
  private V() {}

  static Symbol sym(String s) {
    return Symbol.of(s);
  }

  static StringValue str(String s) {
    return StringValue.of(s);
  }

  static SignedInteger num(long n) {
    return SignedInteger.of(n);
  }

  static ByteString bytes(String hex) {
    return ByteString.fromHex(hex);
  }

  static RecordValue rec(String label, Value... fields) {
    return RecordValue.of(label, fields);
  }

  static Sequence seq(Value... items) {
    return Sequence.of(items);
  }

  static Dictionary dict(Value... kvs) {
    return Dictionary.of(kvs);
  }

  // ---- caveat language ----

  static Value discard() {
    return rec("_");
  }

  static Value bind(Value p) {
    return rec("bind", p);
  }

  static Value lit(Value v) {
    return rec("lit", v);
  }

  static Value ref(long n) {
    return rec("ref", num(n));
  }

  static Value pRec(Value label, Value... fields) {
    return RecordValue.of(sym("rec"), label, seq(fields));
  }

  static Value pArr(Value... items) {
    return rec("arr", seq(items));
  }

  static Value pDict(Value... kvs) {
    return rec("dict", dict(kvs));
  }

  static Value and(Value... ps) {
    return rec("and", seq(ps));
  }

  static Value not(Value p) {
    return rec("not", p);
  }

  static Value rewrite(Value pattern, Value template) {
    return rec("rewrite", pattern, template);
  }

  static Value reject(Value pattern) {
    return rec("reject", pattern);
  }

  static Value or(Value... rewrites) {
    return rec("or", seq(rewrites));
  }

  static Value attenuate(Value template, Value... caveats) {
    return rec("attenuate", template, seq(caveats));
  }

  /** {@code <rewrite <bind <_>> <rec labelled [<lit NAME> <ref 0>]>>} (reference note §4.1). */
  static Value labelled(String name) {
    return rewrite(bind(discard()), pRec(sym("labelled"), lit(str(name)), ref(0)));
  }

  static String show(Value... vs) {
    return Arrays.toString(vs);
  }
}
