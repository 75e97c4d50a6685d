namespace Ambient.Gateway;

/// <summary>The gateway as a ready-to-run web application, for <c>ambient up</c>, tests and the benchmark.</summary>
public static class GatewayApplication
{
    /// <summary>
    /// A Kestrel application listening on <paramref name="urls"/> with <c>AddAmbientDefaults</c>, <c>AddAmbientGateway</c>,
    /// ProblemDetails for every error status and <c>MapAmbientGateway</c>. <paramref name="settings"/> are added over
    /// environment variables (<c>Ambient__Gateway__GitHub__Secret</c>, ...).
    /// </summary>
    /// <param name="urls">Where to listen, e.g. <c>http://127.0.0.1:8080</c>; port 0 picks a free port.</param>
    /// <param name="settings">Configuration entries such as <c>Ambient:Kafka:BootstrapServers</c>.</param>
    /// <param name="configure">Last changes to the builder (logging in tests, extra endpoints in the benchmark).</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The gateway or Kafka settings are invalid.</exception>
    public static WebApplication Create(string urls, IEnumerable<KeyValuePair<string, string?>>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = ApplicationName });
        builder.WebHost.UseUrls(urls);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        return Build(builder, configure);
    }

    /// <summary>The gateway's service name in telemetry and its host's application name.</summary>
    public const string ApplicationName = "ambient-gateway";

    /// <summary>
    /// The gateway on <paramref name="builder"/>, which says where it listens (<c>ASPNETCORE_HTTP_PORTS</c>, <c>--urls</c>, ...):
    /// <c>AddAmbientDefaults</c>, <c>AddAmbientGateway</c>, ProblemDetails for every error status and <c>MapAmbientGateway</c>.
    /// The gateway's own <c>Program</c> and <see cref="Create"/> both build it here.
    /// </summary>
    /// <param name="builder">A web application builder, configured as the host wants.</param>
    /// <param name="configure">Last changes to the builder.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The gateway or Kafka settings are invalid.</exception>
    public static WebApplication Build(WebApplicationBuilder builder, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddAmbientDefaults();
        builder.AddAmbientGateway();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapAmbientGateway();
        return app;
    }
}
