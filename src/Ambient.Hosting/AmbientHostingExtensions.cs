using Ambient.Hosting.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Resources;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers what every Ambient executable shares, as eShop's ServiceDefaults do.</summary>
public static class AmbientHostingExtensions
{
    /// <summary>Every Ambient ActivitySource and Meter starts with this prefix.</summary>
    public const string TelemetryPrefix = "Ambient.";

    /// <summary>
    /// Framework log categories whose Information lines are per request or per client operation (ASP.NET Core's
    /// "Request starting/finished", routing, HttpClient), logged from Warning up unless <c>Logging:LogLevel:&lt;category&gt;</c>
    /// says otherwise: a flood of requests must not become a flood of log. Errors stay visible.
    /// </summary>
    public static readonly IReadOnlyList<string> QuietCategories = ["Microsoft", "System.Net.Http", "Polly"];

    /// <summary>
    /// OpenTelemetry tracing and metrics for every <c>Ambient.*</c> source and meter, exported over OTLP
    /// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (nothing is exported otherwise), single-line
    /// console logs, <see cref="QuietCategories"/> at Warning (start and stop lines of the host kept), and health checks
    /// with a "host" check tagged ready (starting, started, stopping) that <c>MapAmbientHealthEndpoints</c> or
    /// <c>AddAmbientHealthServer</c> serve.
    /// </summary>
    public static TBuilder AddAmbientDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        foreach (var category in QuietCategories)
        {
            // Configuration wins: a category set under Logging:LogLevel keeps its level.
            if (builder.Configuration[$"Logging:LogLevel:{category}"] is null)
            {
                builder.Logging.AddFilter(category, LogLevel.Warning);
            }
        }

        if (builder.Configuration["Logging:LogLevel:Microsoft.Hosting.Lifetime"] is null)
        {
            builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithTracing(tracing => tracing.AddSource(TelemetryPrefix + "*"))
            .WithMetrics(metrics => metrics.AddMeter(TelemetryPrefix + "*"));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        // Guarded: health check names must be unique, and a host may call this twice (tests, `ambient up`).
        if (!builder.Services.Any(service => service.ServiceType == typeof(HostLifetimeHealthCheck)))
        {
            builder.Services.TryAddSingleton<HostLifetimeHealthCheck>();
            builder.Services.AddHealthChecks().AddCheck<HostLifetimeHealthCheck>(HostLifetimeHealthCheck.Name, tags: [AmbientHealth.ReadyTag]);
        }

        return builder;
    }
}
