using Ambient.Kafka.Consumers;
using Confluent.Kafka;

namespace Ambient.Kafka.Internal;

/// <summary>
/// The poll loop of a consumer that handles records one at a time and commits each after its handler
/// returns (the control and A2A replies consumers). It runs on the caller's own thread and waits for the
/// handlers there: after an await it would go on on a thread-pool thread and block it in Consume for good,
/// and a few of those starve the process. A failure never ends the loop (which would stop the host): work between
/// polls is tried again at a later poll, a record whose handler failed for a dependency (Kafka, a topic, the model
/// endpoint) is tried again until it is handled, and one that failed otherwise is reported and passed.
/// </summary>
internal static class CommandConsumerLoop
{
    private static readonly TimeSpan s_firstDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan s_longestDelay = TimeSpan.FromSeconds(30);

    /// <summary>Polls until <paramref name="stoppingToken"/> is cancelled, then closes the consumer (leaving the group cleanly).</summary>
    /// <param name="consumer">A subscribed consumer with auto-commit off.</param>
    /// <param name="poll">How long one poll waits.</param>
    /// <param name="beforePoll">Work between polls (timers, assignment changes).</param>
    /// <param name="handle">Handles one record; it is committed when this returns.</param>
    /// <param name="error">Reports a consume or commit error the client recovers from.</param>
    /// <param name="failed">Reports a failure of <paramref name="beforePoll"/> or <paramref name="handle"/>, and whether it is tried again.</param>
    /// <param name="stoppingToken">Stops the loop; a record being handled is redelivered to the next owner.</param>
    public static void Run<TValue>(IConsumer<string?, TValue> consumer, TimeSpan poll, Func<CancellationToken, Task> beforePoll,
        Func<ConsumeResult<string?, TValue>, CancellationToken, Task> handle, Action<Error> error, Action<Exception, bool> failed, CancellationToken stoppingToken)
    {
        var delay = s_firstDelay;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Failed work between polls is tried again at a later poll (after a growing pause); the records go on meanwhile.
                Succeeds(() => beforePoll(stoppingToken), failed, retried: true, ref delay, stoppingToken);

                ConsumeResult<string?, TValue>? record;
                try
                {
                    record = consumer.Consume(poll);
                }
                catch (ConsumeException ex) when (!ex.Error.IsFatal)
                {
                    error(ex.Error);
                    continue;
                }

                if (record?.Message is null)
                {
                    continue;
                }

                while (!Succeeds(() => handle(record, stoppingToken), failed, retried: null, ref delay, stoppingToken))
                {
                    // A dependency's failure: the same record again once the delay has passed.
                }

                try
                {
                    consumer.Commit(record);
                }
                catch (KafkaException ex) when (!ex.Error.IsFatal)
                {
                    // Not committed: the record comes again after a restart or rebalance, and its handler recognises it.
                    error(ex.Error);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: an unfinished record is redelivered to the next owner of its partition.
        }
        finally
        {
            consumer.Close();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/>; false when it failed and is to be tried again (after a growing delay). With
    /// <paramref name="retried"/> null, only a dependency's failure is tried again, and any other counts as done.
    /// </summary>
    private static bool Succeeds(Func<Task> work, Action<Exception, bool> failed, bool? retried, ref TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            work().GetAwaiter().GetResult();
            delay = s_firstDelay;
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            var again = retried ?? ProcessingFailures.IsDependency(ex);
            failed(ex, again);
            if (!again)
            {
                return true;
            }

            stoppingToken.WaitHandle.WaitOne(delay);
            stoppingToken.ThrowIfCancellationRequested();
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, s_longestDelay.Ticks));
            return false;
        }
    }
}
