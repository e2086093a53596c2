import type { Delivery } from '../services/monitoring/queue.ts';

export interface InProcessQueueOptions {
  /** Messages handled at the same time. */
  concurrency: number;
  /** Deliveries of one message before it becomes a dead letter. */
  maxAttempts: number;
  /**
   * A delivery still unsettled after this long is given up on and the message delivered again, as SQS
   * does once its visibility timeout passes (the handler's own timeout should come first).
   */
  visibilityTimeoutMs: number;
  /** Wait before the nth retry: n times this. */
  retryDelayMs: number;
}

/** A message that failed every delivery, with the last error. */
export interface DeadLetter<T> {
  message: T;
  error: unknown;
}

/**
 * The queue the monitoring jobs use locally and in tests, in place of SQS and its Lambda event source:
 * the same handler runs with bounded concurrency, a failed or stuck delivery is retried after a delay,
 * and a message that fails its last delivery is kept as a dead letter.
 */
export class InProcessQueue<T> {
  readonly deadLetters: DeadLetter<T>[] = [];
  private readonly waiting: Array<{ message: T; attempt: number }> = [];
  private running = 0;
  private retrying = 0;
  private readonly idle: Array<() => void> = [];

  constructor(
    private readonly handler: (message: T, delivery: Delivery) => Promise<void>,
    private readonly options: InProcessQueueOptions,
  ) {}

  async send(messages: readonly T[]): Promise<void> {
    for (const message of messages) this.waiting.push({ message, attempt: 1 });
    this.pump();
  }

  /** Resolves once every message sent so far was handled or became a dead letter. */
  drained(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private isIdle(): boolean {
    return this.running === 0 && this.retrying === 0 && this.waiting.length === 0;
  }

  private pump(): void {
    while (this.running < this.options.concurrency) {
      const next = this.waiting.shift();
      if (!next) break;
      this.running++;
      void this.deliver(next).finally(() => {
        this.running--;
        this.pump();
      });
    }
    if (this.isIdle()) for (const resolve of this.idle.splice(0)) resolve();
  }

  private async deliver({ message, attempt }: { message: T; attempt: number }): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const visibility = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error('The delivery outlasted its visibility timeout.')),
        this.options.visibilityTimeoutMs,
      );
    });
    try {
      await Promise.race([this.handler(message, { attempt, maxAttempts: this.options.maxAttempts }), visibility]);
    } catch (error) {
      if (attempt >= this.options.maxAttempts) {
        this.deadLetters.push({ message, error });
        return;
      }
      this.retrying++;
      setTimeout(() => {
        this.retrying--;
        this.waiting.push({ message, attempt: attempt + 1 });
        this.pump();
      }, this.options.retryDelayMs * attempt);
    } finally {
      clearTimeout(timer);
    }
  }
}
