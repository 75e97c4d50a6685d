using Ambient.Abstractions.Checkpoints;
using Ambient.Kafka.Topics;
using Ambient.Kafka.Checkpoints;
using Ambient.Kafka.Reading;
using Ambient.Runtime.Operations;
using Ambient.Runtime.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Ambient.Worker.Topics;

namespace Ambient.Cli.Commands;

/// <summary>What the run and replay commands need besides the Kafka connection: the checkpoints topic, readers, operations.</summary>
internal static class CheckpointHost
{
    public const string CheckpointReaderCategory = "Ambient.Checkpoints";

    public static void Register(IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddAmbientAvro(builder.Configuration);
        builder.Services.TryAddSingleton<RecordFactory>();
        builder.Services.TryAddSingleton<ICheckpointLog, KafkaCheckpointLog>();
        builder.Services.TryAddSingleton<EventReader>();
        // Unreadable checkpoints are named on stderr (and dead-lettered); nothing else logs, so command output stays clean.
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true).AddFilter((category, level) => category == CheckpointReaderCategory && level >= LogLevel.Warning);
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.TryAddSingleton(provider => new RunOperations(provider.GetRequiredService<ICheckpointLog>(),
            provider.GetRequiredService<Abstractions.Processing.IRecordPublisher>(), provider.GetRequiredService<IOptions<AmbientTopics>>().Value.ForRuns(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILoggerFactory>().CreateLogger(CheckpointReaderCategory)));
    }
}
