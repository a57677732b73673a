package io.edrplaybook.samples.scripts;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the test driver reported for one call of a script's entry point.
 *
 * @param answer the driver's JSON line: {@code ok}, then {@code result} or {@code type},
 *     {@code message}, {@code transient}
 * @param output what the script and the driver wrote to stdout and stderr (the traceback included)
 */
record DriverResult(JsonNode answer, String output) {

  boolean ok() {
    return answer.path("ok").asBoolean();
  }

  JsonNode result() {
    return answer.path("result");
  }

  /** The one-line summary the script returned. */
  String message() {
    return result().path("message").asText();
  }

  /** The bare class name of the exception the script raised. */
  String errorType() {
    return answer.path("type").asText();
  }

  String errorMessage() {
    return answer.path("message").asText();
  }

  boolean isTransient() {
    return answer.path("transient").asBoolean();
  }

  @Override
  public String toString() {
    return answer + "\n--- output ---\n" + output;
  }
}
