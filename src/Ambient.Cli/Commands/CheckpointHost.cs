using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Topics;
using Ambient.Kafka.Checkpoints;
using Ambient.Kafka.Reading;
using Ambient.Runtime.Operations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ambient.Cli.Commands;

/// <summary>What the run and replay commands need besides the Kafka connection: the checkpoints topic, readers, operations.</summary>
internal static class CheckpointHost
{
    public static void Register(IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<ICheckpointLog, KafkaCheckpointLog>();
        builder.Services.TryAddSingleton<EventRangeReader>();
        builder.Services.TryAddSingleton(provider => new RunOperations(provider.GetRequiredService<ICheckpointLog>(),
            provider.GetRequiredService<Abstractions.Processing.IRecordPublisher>(), provider.GetRequiredService<IOptions<AmbientTopics>>().Value,
            provider.GetRequiredService<TimeProvider>()));
    }
}
