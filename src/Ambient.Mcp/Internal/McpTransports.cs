using Ambient.Abstractions.Tools;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;

namespace Ambient.Mcp.Internal;

/// <summary>Creates the SDK transport for a server spec: a child process over stdio, or streamable HTTP.</summary>
internal static class McpTransports
{
    // Long enough for a server to flush and exit when its stdin closes; then the SDK kills its process tree.
    private static readonly TimeSpan s_shutdownTimeout = TimeSpan.FromSeconds(2);

    public static IClientTransport Create(McpServerSpec spec, Action<string> standardErrorLine, ILoggerFactory loggerFactory)
    {
        if (spec.Url is { } url)
        {
            return new HttpClientTransport(
                new HttpClientTransportOptions { Endpoint = url, Name = spec.Name, TransportMode = HttpTransportMode.StreamableHttp },
                loggerFactory);
        }

        // The child gets the SDK's curated variables (PATH, HOME, ...) plus the spec's, never the worker's whole
        // environment: that holds the broker and model credentials, which an MCP server has no business reading.
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in StdioClientTransportOptions.GetDefaultEnvironmentVariables())
        {
            environment[name] = value;
        }

        foreach (var (name, value) in spec.Environment)
        {
            environment[name] = value;
        }

        return new StdioClientTransport(
            new StdioClientTransportOptions
            {
                Command = spec.Command[0],
                Arguments = [.. spec.Command.Skip(1)],
                Name = spec.Name,
                WorkingDirectory = Environment.CurrentDirectory,
                InheritEnvironmentVariables = false,
                EnvironmentVariables = environment,
                ShutdownTimeout = s_shutdownTimeout,
                StandardErrorLines = standardErrorLine,
            },
            loggerFactory);
    }
}
