package dev.cairn.core.registry;

/** The GTO event a tag records, with GTO's history priority (used to order same-second events). */
public enum TagAction {
  CREATE("creation", 1),
  DEPRECATE("deprecation", 2),
  REGISTER("registration", 3),
  DEREGISTER("deregistration", 4),
  ASSIGN("assignment", 5),
  UNASSIGN("unassignment", 6);

  private final String eventName;
  private final int priority;

  TagAction(String eventName, int priority) {
    this.eventName = eventName;
    this.priority = priority;
  }

  /** The event name {@code gto history} prints ({@code registration}, {@code assignment}, ...). */
  public String eventName() {
    return eventName;
  }

  /** GTO's priority: the tie-breaker for events in the same second. */
  public int priority() {
    return priority;
  }
}
