/**
 * JMH benchmarks and the report programs behind BENCHMARKS.md. Not published.
 */
package io.github.kafkanpy.benchmarks;
