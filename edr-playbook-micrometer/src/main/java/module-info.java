/** Binds an engine to the host's Micrometer {@code MeterRegistry}. */
module io.edrplaybook.micrometer {
  requires transitive io.edrplaybook.core;
  requires transitive micrometer.core;

  exports io.edrplaybook.micrometer;
}
