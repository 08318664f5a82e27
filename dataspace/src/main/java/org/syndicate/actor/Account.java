package org.syndicate.actor;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A flow-control account (reference note syndicate-server.md §2.9): every turn runs on behalf of
 * one, and every event that turn queues for an actor borrows one unit from it until the receiving
 * turn has processed the event. The receiving turn runs on behalf of the same account, so what it
 * queues in turn (a dataspace's fan-out to its observers, say) is charged there too: the debt of a
 * connection's account is the number of events caused by its input that are not yet processed
 * anywhere in the process.
 *
 * <p>Units: events. Borrowing and repaying are lock-free (one atomic add); the debt is never
 * negative unless a caller repays more than it borrowed. Turns started by {@link Actor#execute},
 * timers, linked tasks and {@link Actor#boot} use {@link #system()} unless the caller passes an
 * account.
 *
 * <p>A <b>limit</b> ({@link #setLimit}) makes the account call a listener whenever its debt crosses
 * it, in either direction: "went above {@code limit}" or "came back to {@code limit} or below".
 * The listener is a hint, called on the thread that crossed (a turn's committing or repaying
 * thread, or whoever borrowed), without any lock held; when it runs, it must read {@link #debt()}
 * for the current state, as crossings on other threads may already have followed. It must not
 * block. The relay uses it to stop and resume reading a connection.
 */
public final class Account {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Account.class);
  private static final AtomicLong IDS = new AtomicLong();
  private static final Account SYSTEM = new Account("system");

  private final long id = IDS.incrementAndGet();
  private final String name;
  private final AtomicLong debt = new AtomicLong();
  private volatile long limit = Long.MAX_VALUE;
  private volatile Runnable listener;

  /**
   * Makes an account with no debt and no limit.
   *
   * @param name for logs and the debt reporter (e.g. the connection's name)
   */
  public Account(String name) {
    this.name = java.util.Objects.requireNonNull(name, "name");
  }

  /** @return the account of turns nobody charged: external {@code execute}, timers, linked tasks, boot. */
  public static Account system() {
    return SYSTEM;
  }

  /** @return a process-unique id. */
  public long id() {
    return id;
  }

  /** @return the name given at creation. */
  public String name() {
    return name;
  }

  /** @return the current debt: events borrowed and not yet repaid. */
  public long debt() {
    return debt.get();
  }

  /** @return the limit set by {@link #setLimit}, or {@link Long#MAX_VALUE} when none. */
  public long limit() {
    return limit;
  }

  /**
   * Sets the debt at which {@code listener} is told of crossings (see the class comment). Replaces
   * any previous limit and listener.
   *
   * @param limit debt in events (at least 0); "over" means debt strictly above it
   * @param listener called after each crossing, or null for none
   * @throws IllegalArgumentException if {@code limit < 0}
   */
  public void setLimit(long limit, Runnable listener) {
    if (limit < 0) throw new IllegalArgumentException("limit must be >= 0: " + limit);
    this.listener = listener;
    this.limit = limit;
  }

  /** @return whether the debt is above the limit now. */
  public boolean isOverLimit() {
    return debt.get() > limit;
  }

  /**
   * Borrows {@code n} units (events queued on behalf of this account).
   *
   * @param n how many (0 does nothing)
   */
  public void borrow(int n) {
    if (n == 0) return;
    long after = debt.addAndGet(n);
    long l = limit;
    if (after > l && after - n <= l) crossed();
  }

  /**
   * Repays {@code n} units (events processed, or dropped unprocessed).
   *
   * @param n how many (0 does nothing)
   */
  public void repay(int n) {
    if (n == 0) return;
    long after = debt.addAndGet(-n);
    long l = limit;
    if (after <= l && after + n > l) crossed();
  }

  private void crossed() {
    Runnable r = listener;
    if (r == null) return;
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("limit listener of {} failed", this, e);
    }
  }

  @Override
  public String toString() {
    return "Account[" + id + " " + name + " debt=" + debt.get() + "]";
  }
}
