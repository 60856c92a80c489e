package dev.procgen.compiler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one task per item on every CPU the JVM may use, and gives the results in the items' order,
 * so that a run of many apps uses the whole machine and its output stays the same whatever the
 * threads' timing.
 *
 * <p>Each worker takes the next item that no other has taken, so that slow items do not hold the
 * others up. The caller's thread is one of the workers. With one CPU, or one item, no thread is
 * started.
 */
final class Parallel {
  private Parallel() {}

  /** A task for one item, which may fail with {@code E}. */
  @FunctionalInterface
  interface Task<T, R, E extends Exception> {
    R apply(T item) throws E;
  }

  /** The number of workers: the CPUs the JVM may use ({@link Runtime#availableProcessors}). */
  static int workers() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Applies {@code task} to every item, each once, on up to {@link #workers} threads.
   *
   * @return the results, in the order of {@code items}
   * @throws E the failure of the first item (in {@code items}' order) whose task failed, after
   *     every task has ended; an unchecked exception or error of a task is rethrown the same way
   */
  @SuppressWarnings("unchecked")
  static <T, R, E extends Exception> List<R> map(List<T> items, Task<? super T, ? extends R, E> task) throws E {
    int n = items.size();
    Object[] results = new Object[n];
    Throwable[] failures = new Throwable[n];
    AtomicInteger next = new AtomicInteger();
    Runnable worker = new Runnable() {
      @Override
      public void run() {
        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
          try {
            results[i] = task.apply(items.get(i));
          } catch (Exception | Error e) {
            failures[i] = e;
          }
        }
      }
    };
    int threads = Math.min(workers(), n);
    List<Thread> started = new ArrayList<>();
    for (int t = 1; t < threads; t++) {
      Thread thread = new Thread(worker, "procgen-worker-" + t);
      thread.setDaemon(true);
      thread.start();
      started.add(thread);
    }
    worker.run();
    boolean interrupted = false;
    for (Thread thread : started) {
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the workers end on their own; wait for them, then say so
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    for (Throwable failure : failures) {
      if (failure instanceof RuntimeException r) {
        throw r;
      }
      if (failure instanceof Error err) {
        throw err;
      }
      if (failure != null) {
        throw (E) failure;
      }
    }
    return (List<R>) Arrays.asList(results);
  }
}
