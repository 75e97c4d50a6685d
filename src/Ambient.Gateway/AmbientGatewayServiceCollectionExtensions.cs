using Ambient.Abstractions.Processing;
using Ambient.Gateway.A2a;
using Ambient.Governance.Approvals;
using Ambient.Kafka.Topics;
using Ambient.Gateway.Configuration;
using Ambient.Gateway.Delivery;
using Ambient.Gateway.Health;
using Ambient.Gateway.Http;
using Ambient.Hosting.Health;
using Ambient.Gateway.Kubernetes;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Reading;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Ambient gateway: webhook verification, de-duplication and the Kafka producer behind it.</summary>
public static class AmbientGatewayServiceCollectionExtensions
{
    /// <summary>The gateway producer's <c>linger.ms</c> unless configured (<see cref="AmbientKafkaOptions.DefaultLingerMs"/>).</summary>
    public const double GatewayLingerMs = 0.3;

    /// <summary>
    /// Binds <see cref="GatewayOptions"/> from <c>Ambient:Gateway</c> (then <paramref name="configure"/>), validated on start;
    /// adds Ambient's Kafka transport (<c>AddAmbientKafka</c>) with the producer's <c>message.timeout.ms</c> set to the
    /// gateway's publish timeout and its <c>linger.ms</c> to <see cref="GatewayLingerMs"/> unless configured, the delivery memory and its rebuild at start, rate limiters, health
    /// checks and ProblemDetails. Map the endpoints with <c>MapAmbientGateway</c>.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="configure">Settings applied last, over configuration.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IHostApplicationBuilder AddAmbientGateway(this IHostApplicationBuilder builder, Action<GatewayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddAmbientKafka();
        var services = builder.Services;
        if (!services.Any(service => service.ServiceType == typeof(EventIngress)))
        {
            services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName).ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<GatewayOptions>, SecretFiles>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AmbientKafkaOptions>, GatewayRecordLimitValidator>());

            // librdkafka gives up on a record after message.timeout.ms; matching the wait means a 503 is answered
            // about when the producer itself stops trying, rather than records lingering for the default 5 minutes.
            // Every request waits for its own record's acknowledgement, so the linger is latency the sender sees. 0.3 ms
            // still batches the records of requests that arrive together; in the gateway bench it answered 0.55x the
            // bare endpoint's rate where 1 ms (Ambient.Kafka's default) answered 0.48-0.53x and 0 cost more CPU.
            services.AddOptions<AmbientKafkaOptions>().Configure<IOptions<GatewayOptions>>((kafka, gateway) =>
            {
                kafka.Producer.TryAdd("message.timeout.ms", ((long)gateway.Value.PublishTimeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
                kafka.DefaultLingerMs = GatewayLingerMs;
            });
            // Kestrel's own cap sits a little above the gateway's so a slightly oversized body is read to its end and
            // answered 413 on a healthy connection, while a huge one is cut off (Kestrel closes the connection).
            services.AddOptions<KestrelServerOptions>().Configure<IOptions<GatewayOptions>>((kestrel, gateway) =>
                kestrel.Limits.MaxRequestBodySize = gateway.Value.MaxBodyBytes + Math.Min(gateway.Value.MaxBodyBytes, 1024 * 1024));

            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton<TopicWindowReader>();
            services.TryAddSingleton<GatewayTopics>();
            services.TryAddSingleton<RecentDeliveries>();
            services.TryAddSingleton<EventIngress>();
            services.TryAddSingleton<SourceRateLimiters>();
            services.TryAddSingleton<ClientAddresses>();
            services.TryAddSingleton<FailedAuthentications>();
            services.TryAddSingleton<BodyBudget>();
            services.TryAddSingleton<PublishTokens>();
            services.AddHostedService<RecentDeliveriesLoader>();
            services.TryAddSingleton<KubernetesEventWatcher>();
            services.AddHostedService(provider => new OptionalHostedService(
                KubernetesClientFactory.IsEnabled(provider.GetRequiredService<IOptions<GatewayOptions>>().Value.Kubernetes)
                    ? provider.GetRequiredService<KubernetesEventWatcher>()
                    : null));
            services.AddGatewayA2a(builder.Configuration);
            // Slack's approval buttons answer requests on the approvals topic, followed live (a click must be answered within 3 s).
            services.AddAmbientApprovals();
            services.TryAddSingleton(provider => new ApprovalDesk(provider.GetRequiredService<ApprovalView>(),
                new ApprovalWriter(provider.GetRequiredService<IRecordPublisher>(), provider.GetRequiredService<IOptions<AmbientTopics>>().Value.Approvals),
                provider.GetRequiredService<TimeProvider>()));
            // A server span per request, sampled by the host's tracer (AddAmbientDefaults): the records a delivery writes
            // carry its context, so one trace runs from the webhook to the actions it led to. Without it ASP.NET Core's
            // own activity is never sampled, and the records carried traceparent flags 00.
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddAspNetCoreInstrumentation(aspNet =>
                aspNet.Filter = http => !http.Request.Path.StartsWithSegments(AmbientHealth.LivenessPath) && !http.Request.Path.StartsWithSegments(AmbientHealth.ReadinessPath)));
            services.AddProblemDetails();
            services.AddHealthChecks().AddCheck<GatewayReadinessCheck>("kafka", tags: [AmbientHealth.ReadyTag]);
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }
}
