/**
 * The benchmarks of edr-playbook: JMH benchmarks ({@link io.edrplaybook.benchmarks.RoutingBenchmark},
 * {@link io.edrplaybook.benchmarks.JythonRunBenchmark})
 * and the benchmark report, both started by {@link io.edrplaybook.benchmarks.Main}.
 */
package io.edrplaybook.benchmarks;
