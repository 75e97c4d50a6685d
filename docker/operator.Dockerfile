# The Agent operator. Build from the repository root: docker build -f docker/operator.Dockerfile -t ambient/operator:0.1.0 .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props BannedSymbols.txt ./
# Ambient.Avro embeds the schemas from schemas/ (the operator decodes run heads for the Agents' status).
COPY schemas/ schemas/
COPY src/ src/
RUN dotnet publish src/Ambient.Operator/Ambient.Operator.csproj -c Release -o /app /p:UseAppHost=false

# Chiseled ASP.NET Core runtime: no shell, no package manager, runs as the non-root "app" user (uid 1654). Its only
# listener is the probes' (/healthz, /readyz) on ASPNETCORE_HTTP_PORTS. In a cluster it finds the API server from its
# service account; Ambient__Operator__KubernetesUrl points it elsewhere (kubectl proxy, a test's fake).
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS final
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "Ambient.Operator.dll"]
