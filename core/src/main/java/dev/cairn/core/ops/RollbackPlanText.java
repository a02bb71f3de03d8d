package dev.cairn.core.ops;

/** A rollback plan in words, for the dry run's stdout and summary. */
final class RollbackPlanText {
  private RollbackPlanText() {}

  static String of(Rollback.Plan plan, Rollback.Request request, Serving serving) {
    String move = plan.name() + "#" + plan.stage();
    StringBuilder text = new StringBuilder("Dry run: ");
    if (plan.alreadyInStage()) {
      text.append(plan.toVersion())
          .append(" is already in ")
          .append(move)
          .append("; would write no tags");
    } else {
      text.append("would roll back ")
          .append(move)
          .append(" from ")
          .append(plan.fromVersion())
          .append(" to ")
          .append(plan.toVersion());
    }
    text.append(" (").append(plan.objects()).append(" objects on the remote, all present)");
    if (!plan.skipped().isEmpty()) {
      text.append("; skipped as previous: ")
          .append(String.join(", ", plan.skipped()))
          .append(" (rolled back away from before)");
    }
    if (serving.isEmpty()) {
      text.append("; no serving target: only the registry would change");
    } else {
      text.append("; would publish ").append(plan.toVersion()).append(" to");
      if (serving.dir() != null) {
        text.append(' ').append(serving.dir()).append(" and switch current");
      }
      if (serving.uri() != null) {
        text.append(' ').append(dev.cairn.core.Redaction.redact(serving.uri().url()));
      }
    }
    if (plan.hold() != null) {
      text.append("; the stage stays held (").append(plan.hold()).append(')');
    } else if (request.hold()) {
      text.append("; would hold ")
          .append(plan.stage())
          .append(" so automatic promotion stops until cairn release");
    }
    return text.append("; run again without --dry-run to do it").toString();
  }
}
