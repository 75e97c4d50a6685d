namespace Ambient.Gateway.Configuration;

/// <summary><c>Ambient:Gateway:Alertmanager</c>.</summary>
public sealed class AlertmanagerSourceOptions : SourceOptions
{
    /// <summary>The bearer token Alertmanager's <c>http_config.authorization</c> sends.</summary>
    public string? Token { get; set; }

    /// <summary>A file holding <see cref="Token"/>.</summary>
    public string? TokenFile { get; set; }
}
