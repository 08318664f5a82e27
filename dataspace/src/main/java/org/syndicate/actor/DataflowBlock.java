package org.syndicate.actor;

import java.util.LinkedHashSet;
import java.util.function.Consumer;

/** A {@link Turn#dataflow} block: its facet, its code and the fields it read last time. */
final class DataflowBlock {
  final Facet facet;
  final Consumer<Turn> body;
  final LinkedHashSet<Field<?>> deps = new LinkedHashSet<>();

  DataflowBlock(Facet facet, Consumer<Turn> body) {
    this.facet = facet;
    this.body = body;
  }
}
