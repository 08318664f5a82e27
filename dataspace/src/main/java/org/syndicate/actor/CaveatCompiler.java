package org.syndicate.actor;

import java.util.List;
import java.util.Objects;
import org.syndicate.preserves.Value;

/**
 * Turns a list of caveat values (sturdy.prs {@code Caveat}) into a {@link CaveatRewriter}. The
 * caveat language itself lives in {@code org.syndicate.sturdy}, which installs its compiler with
 * {@link #install} at start-up; until then {@link Ref#attenuate(List)} uses a compiler that
 * rejects everything (fail closed).
 */
@FunctionalInterface
public interface CaveatCompiler {
  /**
   * @param caveats caveat values in the order they were added (oldest first); the rewriter must
   *     apply the newest first (reference note §4.2)
   * @return the rewriter for the whole list
   * @throws IllegalArgumentException if a caveat is malformed
   */
  CaveatRewriter compile(List<Value> caveats);

  /**
   * Installs the process-wide compiler used by {@link Ref#attenuate(List)}.
   *
   * @param compiler the compiler (not null)
   */
  static void install(CaveatCompiler compiler) {
    Holder.installed = Objects.requireNonNull(compiler, "compiler");
  }

  /** @return the installed compiler (a reject-everything compiler when none was installed). */
  static CaveatCompiler installed() {
    return Holder.installed;
  }

  /** Holder of the installed compiler. */
  final class Holder {
    private Holder() {}

    static volatile CaveatCompiler installed = caveats -> v -> null;
  }
}
