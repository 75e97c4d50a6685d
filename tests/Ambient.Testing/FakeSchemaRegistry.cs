using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Avro;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace Ambient.Testing;

/// <summary>
/// A local Schema Registry speaking the Confluent REST API over real HTTP (WireMock.Net): register, lookup, get by id,
/// compatibility. Subjects are BACKWARD; compatibility is decided by Apache.Avro's own <c>CanRead</c>, not by the
/// checker under test. Ids are assigned from 1 per distinct canonical schema, as Confluent's registry does.
/// </summary>
public sealed class FakeSchemaRegistry : IDisposable
{
    private const string MediaType = "application/vnd.schemaregistry.v1+json";

    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly ConcurrentDictionary<int, string> _schemas = new();
    private readonly ConcurrentDictionary<string, int> _idsByCanonicalForm = new();
    private readonly ConcurrentDictionary<string, List<int>> _subjects = new();
    private readonly Lock _registering = new();

    // Released on Dispose, so a hanging request never outlives the test.
    private readonly TaskCompletionSource _hangsReleased = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FakeSchemaRegistry()
    {
        _server.Given(Request.Create().WithPath(new RegexMatcher("^/subjects/[^/]+/versions$")).UsingPost()).AtPriority(10)
            .RespondWith(Response.Create().WithCallback(Register));
        _server.Given(Request.Create().WithPath(new RegexMatcher("^/subjects/[^/]+$")).UsingPost()).AtPriority(10)
            .RespondWith(Response.Create().WithCallback(Lookup));
        _server.Given(Request.Create().WithPath(new RegexMatcher("^/schemas/ids/[0-9]+$")).UsingGet()).AtPriority(10)
            .RespondWith(Response.Create().WithCallback(GetById));
        _server.Given(Request.Create().WithPath(new RegexMatcher("^/compatibility/subjects/[^/]+/versions/latest$")).UsingPost()).AtPriority(10)
            .RespondWith(Response.Create().WithCallback(CheckCompatibility));
    }

    public string Url => _server.Url!;

    /// <summary>How many requests reached the registry with <paramref name="method"/> on a path starting with <paramref name="pathPrefix"/>.</summary>
    public int Requests(string method, string pathPrefix) =>
        _server.LogEntries.Count(entry => entry.RequestMessage?.Method == method && entry.RequestMessage.Path?.StartsWith(pathPrefix, StringComparison.Ordinal) == true);

    /// <summary>Answers every request to <paramref name="path"/> with <paramref name="status"/> and <paramref name="body"/> instead.</summary>
    public void Break(string path, HttpStatusCode status, string body) =>
        _server.Given(Request.Create().WithPath(path)).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "text/html").WithBody(body));

    /// <summary>Accepts every request to <paramref name="path"/> and answers none of them until disposed: a registry that hangs.</summary>
    public void Hang(string path) =>
        _server.Given(Request.Create().WithPath(path)).AtPriority(1)
            .RespondWith(Response.Create().WithCallback(async _ =>
            {
                await _hangsReleased.Task;
                return (IResponseMessage)Error(HttpStatusCode.ServiceUnavailable, 50301, "released at the end of the test");
            }));

    /// <summary>The values of header <paramref name="name"/> in every request that reached the registry, in order (null where absent).</summary>
    public IReadOnlyList<string?> HeaderValues(string name) =>
        [.. _server.LogEntries.Select(entry => entry.RequestMessage?.Headers?.TryGetValue(name, out var values) == true ? values.FirstOrDefault() : null)];

    public void Dispose()
    {
        _hangsReleased.TrySetResult();
        _server.Stop();
    }

    private IResponseMessage Register(IRequestMessage request)
    {
        var subject = Subject(request);
        var schema = Schema.Parse(SchemaOf(request));
        lock (_registering)
        {
            var versions = _subjects.GetOrAdd(subject, _ => []);
            var canonical = SchemaNormalization.ToParsingForm(schema);
            if (_idsByCanonicalForm.TryGetValue(canonical, out var existing) && versions.Contains(existing))
            {
                return Json(HttpStatusCode.OK, new JsonObject { ["id"] = existing });
            }

            if (versions.Count > 0 && !schema.CanRead(Schema.Parse(_schemas[versions[^1]])))
            {
                return Error(HttpStatusCode.Conflict, 409, $"Schema being registered is incompatible with an earlier schema for subject \"{subject}\"");
            }

            var id = _idsByCanonicalForm.GetOrAdd(canonical, _ => _schemas.Count + 1);
            _schemas[id] = schema.ToString();
            versions.Add(id);
            return Json(HttpStatusCode.OK, new JsonObject { ["id"] = id });
        }
    }

    private IResponseMessage Lookup(IRequestMessage request)
    {
        var subject = Subject(request);
        var canonical = SchemaNormalization.ToParsingForm(Schema.Parse(SchemaOf(request)));
        return _subjects.TryGetValue(subject, out var versions) && _idsByCanonicalForm.TryGetValue(canonical, out var id) && versions.Contains(id)
            ? Json(HttpStatusCode.OK, new JsonObject { ["subject"] = subject, ["id"] = id, ["version"] = versions.IndexOf(id) + 1, ["schema"] = _schemas[id] })
            : Error(HttpStatusCode.NotFound, 40403, "Schema not found");
    }

    private IResponseMessage GetById(IRequestMessage request)
    {
        var id = int.Parse(request.PathSegments[^1], System.Globalization.CultureInfo.InvariantCulture);
        return _schemas.TryGetValue(id, out var schema)
            ? Json(HttpStatusCode.OK, new JsonObject { ["schema"] = schema })
            : Error(HttpStatusCode.NotFound, 40403, "Schema " + id + " not found");
    }

    private IResponseMessage CheckCompatibility(IRequestMessage request)
    {
        var subject = Subject(request);
        if (!_subjects.TryGetValue(subject, out var versions) || versions.Count == 0)
        {
            return Error(HttpStatusCode.NotFound, 40401, $"Subject '{subject}' not found.");
        }

        var compatible = Schema.Parse(SchemaOf(request)).CanRead(Schema.Parse(_schemas[versions[^1]]));
        var messages = new JsonArray();
        if (!compatible)
        {
            messages.Add($"Incompatibility: the new schema cannot read version {versions.Count} of {subject}");
        }

        return Json(HttpStatusCode.OK, new JsonObject { ["is_compatible"] = compatible, ["messages"] = messages });
    }

    private static string Subject(IRequestMessage request) => Uri.UnescapeDataString(request.PathSegments[request.PathSegments.Length > 2 && request.PathSegments[0] == "compatibility" ? 2 : 1]);

    private static string SchemaOf(IRequestMessage request) =>
        JsonNode.Parse(request.Body!)!["schema"]!.GetValue<string>();

    private static ResponseMessage Error(HttpStatusCode status, int code, string message) =>
        Json(status, new JsonObject { ["error_code"] = code, ["message"] = message });

    private static ResponseMessage Json(HttpStatusCode status, JsonObject body) => new()
    {
        StatusCode = (int)status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new(MediaType) },
        BodyData = new BodyData { BodyAsString = body.ToJsonString(), DetectedBodyType = BodyType.String },
    };
}
