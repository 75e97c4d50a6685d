using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Resources;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers what every Ambient executable shares, as eShop's ServiceDefaults do.</summary>
public static class AmbientHostingExtensions
{
    /// <summary>Every Ambient ActivitySource and Meter starts with this prefix.</summary>
    public const string TelemetryPrefix = "Ambient.";

    /// <summary>
    /// OpenTelemetry tracing and metrics for every <c>Ambient.*</c> source and meter, exported over OTLP
    /// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (nothing is exported otherwise), and single-line
    /// console logs.
    /// </summary>
    public static TBuilder AddAmbientDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithTracing(tracing => tracing.AddSource(TelemetryPrefix + "*"))
            .WithMetrics(metrics => metrics.AddMeter(TelemetryPrefix + "*"));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
