package io.edrplaybook.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One call of a compiled script.
 *
 * @param entryPoint the function to call; a runner calls {@code run} for {@link EntryPoint#TEST}
 *     when the script has no {@code test}
 * @param ctx the script's {@code ctx} (see the script coding conventions): maps with string keys,
 *     lists, strings, integers ({@code Integer}, {@code Long} or {@code BigInteger}), doubles,
 *     booleans and nulls only
 * @param timeout the deadline: past it the runner stops the script and reports
 *     {@link ScriptOutcome.Status#TIMED_OUT}
 * @param invocationId the id of the run, for the runner's logs
 */
public record ScriptCall(EntryPoint entryPoint, Map<String, Object> ctx, Duration timeout, String invocationId) {

  /** Validates. */
  public ScriptCall {
    Objects.requireNonNull(entryPoint, "entryPoint");
    Objects.requireNonNull(ctx, "ctx");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(invocationId, "invocationId");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
  }

  /** Entry point, deadline and invocation id; never the {@code ctx}, which holds the connector's secret. */
  @Override
  public String toString() {
    return "ScriptCall[" + entryPoint + ", timeout=" + timeout + ", invocationId=" + invocationId + "]";
  }
}
