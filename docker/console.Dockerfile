# The supervisor console. Build from the repository root: docker build -f docker/console.Dockerfile -t ambient/console:0.1.0 .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props BannedSymbols.txt ./
# Ambient.Avro embeds the schemas from schemas/ (without them the image would fail at its first record).
COPY schemas/ schemas/
COPY src/ src/
RUN dotnet publish src/Ambient.Console/Ambient.Console.csproj -c Release -o /app /p:UseAppHost=false

# Chiseled ASP.NET Core runtime: no shell, no package manager, runs as the non-root "app" user (uid 1654). The console is
# a web application, so it listens where ASPNETCORE_HTTP_PORTS says, as the gateway does: on every interface of the
# container, which port publishing and a Service need; compose publishes it on the host's 127.0.0.1 only, and Kubernetes
# behind a ClusterIP Service. Set here (the base image's value too) so the image says its port; --urls or ASPNETCORE_URLS
# override it for a run of its own. Ambient__Console__Token (16 characters or more) is required: without it the
# console refuses to start, naming the key.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS final
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "Ambient.Console.dll"]
