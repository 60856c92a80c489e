package dev.procgen.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParallelTest {

  @Test
  void resultsComeInTheItemsOrderWhateverTheTiming() throws Exception {
    List<Integer> items = IntStream.range(0, 200).boxed().toList();
    // Early items take longest, so that a worker finishes later items first.
    List<String> results = Parallel.map(items, i -> {
      if (i < 10) {
        Thread.sleep(20 - i);
      }
      return "item " + i;
    });
    assertEquals(items.stream().map(i -> "item " + i).toList(), results);
  }

  @Test
  void everyItemRunsOnceAndTheWorkIsShared() throws Exception {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    AtomicInteger runs = new AtomicInteger();
    List<Integer> items = IntStream.range(0, 64).boxed().toList();
    Parallel.map(items, i -> {
      threads.add(Thread.currentThread().getName());
      runs.incrementAndGet();
      Thread.sleep(2);
      return i;
    });
    assertEquals(64, runs.get());
    assertEquals(Math.min(Parallel.workers(), 64), threads.size(), "one thread per worker: " + threads);
  }

  @Test
  void theFirstFailureInTheItemsOrderIsThrownAfterEveryItemRan() {
    AtomicInteger runs = new AtomicInteger();
    IOException first = new IOException("item 3");
    IOException later = new IOException("item 7");
    IOException thrown = assertThrows(IOException.class, () -> Parallel.map(IntStream.range(0, 20).boxed().toList(), i -> {
      runs.incrementAndGet();
      if (i == 7) {
        throw later;
      }
      if (i == 3) {
        Thread.sleep(30); // fails last in time, first in order
        throw first;
      }
      return i;
    }));
    assertSame(first, thrown);
    assertEquals(20, runs.get());
  }

  @Test
  void anUncheckedFailureIsRethrownAsItIs() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Parallel.map(List.of(1, 2, 3), i -> {
          if (i == 2) {
            throw new IllegalStateException("two");
          }
          return i;
        }));
    assertEquals("two", e.getMessage());
  }

  @Test
  void noItemsGiveNoResults() throws Exception {
    assertTrue(Parallel.map(List.<Integer>of(), i -> i).isEmpty());
  }
}
