package io.edrplaybook.api;

import java.util.Objects;

/**
 * The runs of one connector at one moment: those running and those accepted but not started
 * (waiting for the connector's limits, its lane or a lane thread).
 *
 * @param organization the connector's organization
 * @param connector the connector's name
 * @param jumpBox the JumpBox its runs go through ({@code ""} when none)
 * @param running runs handed to their runner and not ended
 * @param queued runs accepted and not yet started
 */
public record ConnectorLoad(String organization, String connector, String jumpBox, int running, int queued) {

  /** Validates. */
  public ConnectorLoad {
    Objects.requireNonNull(organization, "organization");
    Objects.requireNonNull(connector, "connector");
    Objects.requireNonNull(jumpBox, "jumpBox");
    if (running < 0 || queued < 0) {
      throw new IllegalArgumentException("running and queued must be zero or more, were " + running + " and "
          + queued + " for connector \"" + connector + "\"");
    }
  }
}
