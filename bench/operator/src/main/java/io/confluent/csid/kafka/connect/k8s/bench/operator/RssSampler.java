package io.confluent.csid.kafka.connect.k8s.bench.operator;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples a process's resident set every 250 ms, so that the peak of one phase can be told apart
 * from the peak of the whole run (the kernel's VmHWM never goes down).
 */
final class RssSampler implements AutoCloseable {

  private final long pid;
  private final AtomicLong peakKib = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  RssSampler(long pid) {
    this.pid = pid;
    this.thread = new Thread(this::run, "rss-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (running) {
      try {
        peakKib.accumulateAndGet(ProcStats.rssKib(pid), Math::max);
        Thread.sleep(250);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException processGone) {
        return;
      }
    }
  }

  /** The highest resident set seen since the last reset, in KiB. */
  long peakKib() {
    return Math.max(peakKib.get(), ProcStats.rssKib(pid));
  }

  void reset() {
    peakKib.set(ProcStats.rssKib(pid));
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
