package org.syndicate.dataspace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.Value;

/**
 * The test oracle: dataspace pattern matching written straight from reference note §3.2, with no
 * index and no code shared with {@link SkeletonIndex}.
 */
final class NaiveMatcher {
  private NaiveMatcher() {}

  /** @return the captures in order, or null when {@code v} does not match {@code p}. */
  static List<Value> match(Pattern p, Value v) {
    List<Value> out = new ArrayList<>();
    return go(p, v, out) ? out : null;
  }

  private static boolean go(Pattern p, Value v, List<Value> out) {
    switch (p) {
      case Pattern.Discard d -> {
        return true;
      }
      case Pattern.Bind b -> {
        out.add(v);
        return go(b.pattern(), v, out);
      }
      case Pattern.Lit l -> {
        return l.value().equals(v);
      }
      case Pattern.Group g -> {
        for (Map.Entry<Value, Pattern> e : g.entries().entrySet()) {
          Value child = child(g.type(), v, e.getKey());
          if (child == null || !go(e.getValue(), child, out)) return false;
        }
        return typeOk(g.type(), v);
      }
    }
  }

  private static boolean typeOk(GroupType t, Value v) {
    return switch (t) {
      case GroupType.Rec r -> v instanceof RecordValue rv && rv.label().equals(r.label());
      case GroupType.Arr a -> v instanceof Sequence;
      case GroupType.Dict d -> v instanceof Dictionary;
    };
  }

  private static Value child(GroupType t, Value v, Value key) {
    if (!typeOk(t, v)) return null;
    if (v instanceof Dictionary d) return d.containsKey(key) ? d.get(key) : null;
    List<Value> items = v instanceof RecordValue r ? r.fields() : ((Sequence) v).items();
    if (!(key instanceof SignedInteger i) || !i.fitsLong()) return null;
    long n = i.longValue();
    return n >= 0 && n < items.size() ? items.get((int) n) : null;
  }
}
