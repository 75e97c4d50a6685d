using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ambient.Abstractions.A2a;

namespace Ambient.Gateway.A2a;

/// <summary>
/// Writes the binding's A2A values as the JSON of a <see cref="A2aDialect"/>: data parts (JSON text in Avro) become
/// JSON values again; states and roles are spelled as the dialect spells them.
/// </summary>
internal static class A2aJsonWriter
{
    public static JsonObject Task(A2aTask task, A2aDialect dialect)
    {
        var json = Kind(dialect, "task");
        json["id"] = task.Id;
        json["contextId"] = task.ContextId;
        json["status"] = Status(task.Status, dialect);
        json["artifacts"] = new JsonArray([.. task.Artifacts.Select(a => Artifact(a, dialect))]);
        return json;
    }

    public static JsonObject Status(A2aTaskStatus status, A2aDialect dialect)
    {
        var json = new JsonObject { ["state"] = State(status.State, dialect) };
        if (status.Message is { } message)
        {
            json["message"] = Message(message, dialect);
        }

        if (status.Timestamp is { } at)
        {
            json["timestamp"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }

        return json;
    }

    public static JsonObject Message(A2aMessage message, A2aDialect dialect)
    {
        var json = Kind(dialect, "message");
        json["messageId"] = message.MessageId;
        if (message.ContextId is not null)
        {
            json["contextId"] = message.ContextId;
        }

        if (message.TaskId is not null)
        {
            json["taskId"] = message.TaskId;
        }

        json["role"] = dialect == A2aDialect.V1 ? message.Role : message.Role == A2aRoles.Agent ? "agent" : "user";
        json["parts"] = new JsonArray([.. message.Parts.Select(p => Part(p, dialect))]);
        return json;
    }

    public static JsonObject Artifact(A2aArtifact artifact, A2aDialect dialect)
    {
        var json = new JsonObject { ["artifactId"] = artifact.ArtifactId };
        if (artifact.Name is not null)
        {
            json["name"] = artifact.Name;
        }

        json["parts"] = new JsonArray([.. artifact.Parts.Select(p => Part(p, dialect))]);
        return json;
    }

    public static JsonObject Part(A2aPart part, A2aDialect dialect)
    {
        if (dialect == A2aDialect.V03 && part.Url is not null)
        {
            var file = new JsonObject { ["uri"] = part.Url };
            Optional(file, "mimeType", part.MediaType);
            Optional(file, "name", part.Filename);
            return new JsonObject { ["kind"] = "file", ["file"] = file };
        }

        var json = new JsonObject();
        if (part.Text is not null)
        {
            Discriminate(json, dialect, "text");
            json["text"] = part.Text;
        }
        else if (part.Data is not null)
        {
            Discriminate(json, dialect, "data");
            json["data"] = DataValue(part.Data);
        }
        else
        {
            json["url"] = part.Url;
            Optional(json, "filename", part.Filename);
        }

        if (dialect == A2aDialect.V1)
        {
            Optional(json, "mediaType", part.MediaType);
        }

        return json;
    }

    /// <summary><c>TASK_STATE_COMPLETED</c> in v1; <c>completed</c>, <c>input-required</c>, ... in 0.3.</summary>
    public static string State(string state, A2aDialect dialect) =>
        dialect == A2aDialect.V1 ? state
        : state.StartsWith("TASK_STATE_", StringComparison.Ordinal) && state != "TASK_STATE_UNSPECIFIED"
            ? state["TASK_STATE_".Length..].ToLowerInvariant().Replace('_', '-')
            : "unknown";

    // Data parts travel as JSON text; one that is not JSON (written by another producer) is answered as a string.
    private static JsonNode? DataValue(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    private static JsonObject Kind(A2aDialect dialect, string kind) => dialect == A2aDialect.V03 ? new JsonObject { ["kind"] = kind } : [];

    private static void Discriminate(JsonObject json, A2aDialect dialect, string kind)
    {
        if (dialect == A2aDialect.V03)
        {
            json["kind"] = kind;
        }
    }

    private static void Optional(JsonObject json, string name, string? value)
    {
        if (value is not null)
        {
            json[name] = value;
        }
    }
}
