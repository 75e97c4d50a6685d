using Ambient.Operator;

// The operator on its own: configuration from environment variables (Ambient__Operator__..., Ambient__Kafka__...) and
// arguments; its probes listen where ASPNETCORE_HTTP_PORTS or --urls says.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ApplicationName = OperatorApplication.ApplicationName });
await OperatorApplication.Build(builder).RunAsync();

/// <summary>The operator's entry point.</summary>
public partial class Program;
