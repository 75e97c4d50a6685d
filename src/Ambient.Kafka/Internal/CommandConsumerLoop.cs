using Confluent.Kafka;

namespace Ambient.Kafka.Internal;

/// <summary>
/// The poll loop of a consumer that handles records one at a time and commits each after its handler
/// returns (the control and A2A replies consumers). It runs on the caller's own thread and waits for the
/// handlers there: after an await it would go on on a thread-pool thread and block it in Consume for good,
/// and a few of those starve the process.
/// </summary>
internal static class CommandConsumerLoop
{
    /// <summary>Polls until <paramref name="stoppingToken"/> is cancelled, then closes the consumer (leaving the group cleanly).</summary>
    /// <param name="consumer">A subscribed consumer with auto-commit off.</param>
    /// <param name="poll">How long one poll waits.</param>
    /// <param name="beforePoll">Work between polls (timers, assignment changes).</param>
    /// <param name="handle">Handles one record; it is committed when this returns.</param>
    /// <param name="error">Reports a consume error the client recovers from.</param>
    /// <param name="stoppingToken">Stops the loop; a record being handled is redelivered to the next owner.</param>
    public static void Run<TValue>(IConsumer<string?, TValue> consumer, TimeSpan poll, Func<CancellationToken, Task> beforePoll,
        Func<ConsumeResult<string?, TValue>, CancellationToken, Task> handle, Action<Error> error, CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                beforePoll(stoppingToken).GetAwaiter().GetResult();
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

                handle(record, stoppingToken).GetAwaiter().GetResult();
                consumer.Commit(record);
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
}
