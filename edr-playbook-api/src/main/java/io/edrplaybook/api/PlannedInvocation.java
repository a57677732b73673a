package io.edrplaybook.api;

/**
 * One line of a dry run: a row of the playbook and a connector it would run on.
 *
 * @param section the row's section
 * @param action the action
 * @param connector the connector
 * @param script the script the connector binds
 * @param runner the id of the runner that would run it
 * @param jumpBox the JumpBox that would run it
 * @param willRun whether it would run now (false when it already ran for this classification)
 * @param reason why: e.g. {@code row "Block Address" checked for MALICIOUS, connectors [Edge FW]}
 * @param awaitsApproval whether the run would await approval ({@code AWAITING_APPROVAL}) instead of
 *     running at once (with {@code willRun}), or awaits it now (without)
 */
public record PlannedInvocation(PlaybookSection section, String action, String connector, String script,
    String runner, String jumpBox, boolean willRun, String reason, boolean awaitsApproval) {

  /** A line of a row that requires no approval. */
  public PlannedInvocation(PlaybookSection section, String action, String connector, String script,
      String runner, String jumpBox, boolean willRun, String reason) {
    this(section, action, connector, script, runner, jumpBox, willRun, reason, false);
  }
}
