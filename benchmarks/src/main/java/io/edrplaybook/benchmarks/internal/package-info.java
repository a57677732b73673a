/**
 * The benchmark report's measures and workloads. Not API: anything here may change without notice.
 */
package io.edrplaybook.benchmarks.internal;
