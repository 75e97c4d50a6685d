using Ambient.Abstractions.Processing;
using Ambient.Kafka.Topics;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Producers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Ambient's Kafka transport.</summary>
public static class AmbientKafkaServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="AmbientKafkaOptions"/> from <c>Ambient:Kafka</c> (then <c>ConnectionStrings:kafka</c>, then
    /// <paramref name="configure"/>) and <see cref="AmbientTopics"/> from <c>Ambient:Topics</c>, both validated on start;
    /// registers the <see cref="KafkaRecordPublisher"/> singleton as <see cref="IRecordPublisher"/> and the
    /// <see cref="TopicInitializer"/>, <see cref="TopicLayoutValidator"/> and <see cref="TopicLayoutRepairer"/>. Calling it again only adds <paramref name="configure"/>.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="configure">Settings applied last, over configuration.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IHostApplicationBuilder AddAmbientKafka(this IHostApplicationBuilder builder, Action<AmbientKafkaOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!services.Any(service => service.ServiceType == typeof(KafkaRecordPublisher)))
        {
            services.AddOptions<AmbientKafkaOptions>()
                .BindConfiguration(AmbientKafkaOptions.SectionName)
                .Configure<IConfiguration>(static (options, configuration) =>
                {
                    if (configuration.GetConnectionString(AmbientKafkaOptions.ConnectionStringName) is { Length: > 0 } connectionString)
                    {
                        options.BootstrapServers = connectionString;
                    }
                })
                .ValidateOnStart();
            services.AddOptions<AmbientTopics>().BindConfiguration(AmbientTopics.SectionName).ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AmbientKafkaOptions>, AmbientKafkaOptionsValidator>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AmbientTopics>, AmbientTopicsValidator>());

            // One producer per process: it batches and orders for every caller, and each holds broker connections and threads.
            services.TryAddSingleton<KafkaRecordPublisher>();
            services.TryAddSingleton<IRecordPublisher>(provider => provider.GetRequiredService<KafkaRecordPublisher>());
            services.TryAddSingleton<TopicInitializer>();
            services.TryAddSingleton<TopicLayoutValidator>();
            services.TryAddSingleton<TopicLayoutRepairer>();
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }
}
