using Ambient.Governance.Budgets;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Producers;
using Ambient.Kafka.Topics;
using Ambient.Testing;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ambient.Governance.Tests.Budgets;

/// <summary>
/// A budget ledger on the test broker with topics of its own: the ledger processor (started and stopped at will, each
/// time with a fresh local state directory, so its store comes only from the changelog) and replicas, each a
/// <see cref="BudgetLeases"/> with its own producer, as separate worker processes would have.
/// </summary>
internal sealed class BudgetLedgerHarness(KafkaFixture kafka, AmbientTopics topics, TimeProvider time) : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];
    private CollectingLoggerProvider _logs = new(LogLevel.Debug);

    public AmbientTopics Topics => topics;

    public AmbientKafkaOptions Kafka { get; } = new() { BootstrapServers = kafka.BootstrapServers };

    public static async Task<BudgetLedgerHarness> CreateAsync(KafkaFixture kafka, TimeProvider? time = null)
    {
        var topics = AmbientTopics.WithPrefix($"t{Guid.NewGuid().ToString("N")[..10]}.");
        var budgetTopics = new[] { topics.BudgetRequests, topics.Budget, topics.BudgetChangelog };
        using var admin = kafka.AdminClient();
        await admin.CreateTopicsAsync(TopicLayout.Default.Describe(topics).Where(t => budgetTopics.Contains(t.Name))
            .Select(t => new TopicSpecification { Name = t.Name, NumPartitions = t.Partitions, ReplicationFactor = 1, Configs = new(t.Configs) }));
        return new BudgetLedgerHarness(kafka, topics, time ?? TimeProvider.System);
    }

    public static BudgetOptions OptionsFor(string replica, TimeSpan? requestTimeout = null)
    {
        var options = new BudgetOptions
        {
            Replica = replica,
            StateDirectory = TestDirectories.Create("budget-ledger"),
            TickInterval = TimeSpan.FromMilliseconds(100),
            // The tests wait for each processor to close, so the next test's does not run beside it.
            CloseTimeout = TimeSpan.FromMinutes(2),
            RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(60),
        };
        options.Prices["priced-model"] = new ModelPrice { InputPerMillionUsd = 1_000m, OutputPerMillionUsd = 1_000m };
        return options;
    }

    /// <summary>Starts a ledger processor and waits until it runs (its store restored); fails with what Streamiz logged when it does not.</summary>
    public async Task<BudgetLedgerProcessor> StartLedgerAsync(CancellationToken cancellationToken)
    {
        // A client id of its own, as every worker's processor has (BudgetOptions.Replica); an earlier test's may still be closing.
        _logs = new CollectingLoggerProvider(LogLevel.Debug);
        var ledger = new BudgetLedgerProcessor(topics, Kafka, OptionsFor($"ledger-{Guid.NewGuid().ToString("N")[..8]}"), time, LoggerFactory.Create(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Debug).AddProvider(_logs);
            if (Environment.GetEnvironmentVariable("AMBIENT_TEST_LEDGER_LOG_FILE") is { Length: > 0 } file)
            {
                logging.AddProvider(new FileLoggerProvider(file));
            }
        }));
        await ledger.StartAsync(cancellationToken);
        _owned.Add(new Stoppable(ledger.StopAsync));
        try
        {
            await ledger.Running.WaitAsync(Eventually.Limit, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The budget ledger processor did not reach RUNNING within {Eventually.Limit.TotalSeconds} s. What it logged:{Environment.NewLine}{LogTail()}");
        }

        return ledger;
    }

    // The last processor's log, for a start that stalled: Streamiz says which state each thread reached.
    private string LogTail() => string.Join(Environment.NewLine, _logs.Entries.TakeLast(60)
        .Select(e => $"{e.Level} {e.Category}: {e.Message}{(e.Exception is null ? string.Empty : " " + e.Exception.Message)}"));

    /// <summary>A replica with its own producer, following the budget topic.</summary>
    public async Task<BudgetLeases> StartReplicaAsync(string name, CancellationToken cancellationToken, TimeSpan? requestTimeout = null)
    {
        var publisher = new KafkaRecordPublisher(Options.Create(Kafka), NullLogger<KafkaRecordPublisher>.Instance);
        var replica = new BudgetLeases(topics, Kafka, publisher, OptionsFor(name, requestTimeout), time, NullLogger<BudgetLeases>.Instance);
        await replica.StartAsync(cancellationToken);
        _owned.Add(new Stoppable(async token =>
        {
            await replica.StopAsync(token);
            publisher.Dispose();
        }));
        return replica;
    }

    /// <summary>Writes limits as <c>ambient budget set</c> does.</summary>
    public async Task SetAsync(string agent, BudgetLimits limits, CancellationToken cancellationToken)
    {
        using var publisher = new KafkaRecordPublisher(Options.Create(Kafka), NullLogger<KafkaRecordPublisher>.Instance);
        await new BudgetWriter(publisher, topics.BudgetRequests).SetAsync(agent, limits, "test", cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }
    }

    // Stopping a hosted service that a test stopped already does nothing.
    private sealed class Stoppable(Func<CancellationToken, Task> stop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await stop(CancellationToken.None);
    }
}
