namespace Ambient.Cli.Commands;

/// <summary>The options <c>ambient agents list</c> and <c>show</c> share.</summary>
/// <param name="Agents">The agent files' directory (<c>--agents</c>).</param>
/// <param name="Policies">Policy files to read the zones from (<c>--policies</c>); null for the policies in force on the governance topic.</param>
/// <param name="Bootstrap">The broker holding the governance topic (<c>--bootstrap</c>).</param>
/// <param name="TimeoutMs">How long to wait for it (<c>--timeout-ms</c>).</param>
internal sealed record AgentsArguments(DirectoryInfo Agents, DirectoryInfo? Policies, string Bootstrap, int TimeoutMs);
