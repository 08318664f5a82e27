package org.syndicate.actor;

import java.util.List;
import java.util.Objects;
import org.syndicate.preserves.Value;
import org.syndicate.sturdy.Attenuation;

/**
 * Turns a list of caveat values (sturdy.prs {@code Caveat}) into a {@link CaveatRewriter}. The
 * default is the caveat language of {@code org.syndicate.sturdy} ({@link Attenuation#of(List)});
 * {@link #install} replaces it (tests, experiments).
 */
@FunctionalInterface
public interface CaveatCompiler {
  /**
   * @param caveats caveat values in the order they were added (oldest first); the rewriter must
   *     apply the newest first (reference note §4.2)
   * @return the rewriter for the whole list
   * @throws RuntimeException if a caveat is malformed ({@code org.syndicate.sturdy.CaveatException}
   *     for the default compiler)
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

  /** @return the installed compiler ({@link Attenuation#of(List)} unless replaced). */
  static CaveatCompiler installed() {
    return Holder.installed;
  }

  /** Holder of the installed compiler. */
  final class Holder {
    private Holder() {}

    static volatile CaveatCompiler installed = caveats -> Attenuation.of(caveats)::apply;
  }
}
