# The webhook gateway. Build from the repository root: docker build -f docker/gateway.Dockerfile -t ambient/gateway:0.1.0 .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props BannedSymbols.txt ./
# Ambient.Avro embeds the schemas from schemas/ (without them the image would fail at its first record).
COPY schemas/ schemas/
COPY src/ src/
RUN dotnet publish src/Ambient.Gateway/Ambient.Gateway.csproj -c Release -o /app /p:UseAppHost=false

# Chiseled ASP.NET Core runtime: no shell, non-root "app" user (uid 1654), listens on 8080.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS final
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "Ambient.Gateway.dll"]
