package org.syndicate.dataspace;

import java.util.Map;
import java.util.TreeMap;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.dataspace.Pattern.Bind;
import org.syndicate.dataspace.Pattern.Discard;
import org.syndicate.dataspace.Pattern.Group;
import org.syndicate.dataspace.Pattern.Lit;

/** Reads the wire form of {@link Pattern}s (dataspacePatterns.prs). */
final class PatternParsing {
  private PatternParsing() {}

  static Pattern parse(Value v, String path, int depthLeft) {
    String here = path.isEmpty() ? "/" : path;
    if (depthLeft <= 0) throw new PatternException(here, "nested too deeply");
    if (!(v instanceof RecordValue r) || !(r.label() instanceof Symbol label)) {
      throw new PatternException(here, "expected <_>, <bind …>, <lit …> or <group …>, found a " + v.kind());
    }
    switch (label.name()) {
      case "_":
        return Discard.INSTANCE;
      case "bind":
        need(r, 1, here);
        return new Bind(parse(r.field(0), path + "/bind", depthLeft - 1));
      case "lit":
        need(r, 1, here);
        Value a = r.field(0);
        if (a.kind().isCompound()) {
          throw new PatternException(path + "/lit", "a literal must be an atom or embedded value, not a " + a.kind()
              + " (compound literals are written as groups)");
        }
        return new Lit(a);
      case "group":
        need(r, 2, here);
        GroupType type = parseType(r.field(0), path + "/group");
        if (!(r.field(1) instanceof Dictionary d)) {
          throw new PatternException(path + "/group", "entries must be a dictionary, found a " + r.field(1).kind());
        }
        TreeMap<Value, Pattern> entries = new TreeMap<>();
        for (Map.Entry<Value, Value> e : d.toMap().entrySet()) {
          entries.put(e.getKey(), parse(e.getValue(), path + "/group{" + e.getKey() + "}", depthLeft - 1));
        }
        return new Group(type, entries);
      default:
        throw new PatternException(here, "unknown pattern form <" + label.name() + " …>");
    }
  }

  private static void need(RecordValue r, int n, String path) {
    if (r.arity() < n) {
      throw new PatternException(path, "<" + ((Symbol) r.label()).name() + "> needs " + n
          + " field" + (n == 1 ? "" : "s") + ", has " + r.arity());
    }
  }

  private static GroupType parseType(Value v, String path) {
    if (v instanceof RecordValue r && r.label() instanceof Symbol s) {
      switch (s.name()) {
        case "rec":
          need(r, 1, path);
          return new GroupType.Rec(r.field(0));
        case "arr":
          return GroupType.Arr.INSTANCE;
        case "dict":
          return GroupType.Dict.INSTANCE;
        default:
          break;
      }
    }
    throw new PatternException(path, "group type must be <rec LABEL>, <arr> or <dict>");
  }
}
