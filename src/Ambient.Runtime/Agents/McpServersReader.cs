using Ambient.Abstractions.Tools;
using YamlDotNet.RepresentationModel;

namespace Ambient.Runtime.Agents;

/// <summary>Reads the <c>mcpServers</c> section of an agent file: each server, how it is reached, and its tools the agent may use.</summary>
internal static class McpServersReader
{
    // The runtime's and the built-in read tools' plugins: an MCP server of the same name would shadow their tools.
    private static readonly HashSet<string> s_reserved = new(["github", "slack", "kubernetes", "notify", "a2a"], StringComparer.Ordinal);

    public static IReadOnlyList<McpServerSpec> Read(YamlSection root)
    {
        var servers = root.SectionList("mcpServers", required: false).Select(ReadServer).ToList();
        foreach (var group in servers.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            throw root.Error(root.Find("mcpServers")!, $"mcpServers declares '{group.Key}' twice");
        }

        return servers;
    }

    private static McpServerSpec ReadServer(YamlSection server)
    {
        server.AllowOnly("name", "command", "url", "env", "tools");
        var name = server.RequiredString("name");
        if (!ToolDescriptor.IsValidName($"{name}.x") || s_reserved.Contains(name))
        {
            throw server.Error(server.Find("name")!, s_reserved.Contains(name)
                ? $"{server.Field("name")} '{name}' is a built-in plugin's name; choose another so its tools do not shadow the built-in ones"
                : $"{server.Field("name")} '{name}' must be letters, digits and underscores (it prefixes the server's tool names)");
        }

        var command = server.StringList("command");
        var urlText = server.OptionalString("url");
        if ((command.Count == 0) == (urlText is null))
        {
            throw server.Error(server.Node, $"{server.Path} needs exactly one of command (a stdio server) or url (streamable HTTP)");
        }

        Uri? url = null;
        if (urlText is not null && (!Uri.TryCreate(urlText, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https")))
        {
            throw server.Error(server.Find("url")!, $"{server.Field("url")} must be an absolute http or https URL, got '{urlText}'");
        }

        var env = server.OptionalSection("env");
        var environment = env is null ? new Dictionary<string, string>() : env.Node.Children.ToDictionary(
            pair => Scalar(env, pair.Key, "a variable name"), pair => Scalar(env, pair.Value, "a text value"), StringComparer.Ordinal);
        var tools = server.OptionalSection("tools") ?? throw server.Error(server.Node, $"{server.Field("tools")} is required: the server's tools the agent may use, each read or effect");
        return new McpServerSpec(name, command, url, environment, tools.Node.Children.ToDictionary(
            pair => ToolName(tools, pair.Key, name), pair => Kind(tools, pair.Value), StringComparer.Ordinal));
    }

    private static string ToolName(YamlSection tools, YamlNode key, string server)
    {
        var tool = Scalar(tools, key, "a tool name");
        return ToolDescriptor.IsValidName($"{server}.{tool}")
            ? tool
            : throw tools.Error(key, $"{tools.Path}: tool '{tool}' must be letters, digits and underscores (model APIs accept no other characters)");
    }

    private static ToolKind Kind(YamlSection tools, YamlNode value) => Scalar(tools, value, "read or effect") switch
    {
        "read" => ToolKind.Read,
        "effect" => ToolKind.Effect,
        var other => throw tools.Error(value, $"{tools.Path}: '{other}' must be read or effect"),
    };

    private static string Scalar(YamlSection section, YamlNode node, string what) =>
        node is YamlScalarNode { Value: { } text } ? text : throw section.Error(node, $"{section.Path} must map each key to {what}");
}
