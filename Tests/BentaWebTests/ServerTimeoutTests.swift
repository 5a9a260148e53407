import BentaTestSupport
import BentaTestTools
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOPosix
import Testing

@testable import BentaWeb

/// The server's own waits are bounded: a client that stops half-way through its request is disconnected.
@Suite(.timeLimit(.minutes(20))) struct ServerTimeoutTests {
    @Test func aClientThatStopsHalfWayThroughItsHeadersIsDisconnected() async throws {
        try await TestDatabases.withFresh(.sqlite) { database in
            let world = try await TestWorld.make(database: database)
            var config = AppConfig(port: 0, logLevel: .critical)
            config.idleTimeout = .seconds(1)
            let app = try await buildApplication(config: config, services: world.services, runsDatabaseServices: false)
            try await app.test(.live) { client in
                let port = try #require(client.port)
                let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .connect(host: "127.0.0.1", port: port).get()
                // On a loaded machine the server's 1 s idle timeout may close the connection before this write
                // gets out: the write then fails on the closed channel, which is the behaviour under test, so only
                // the close below is asserted.
                _ = try? await channel.writeAndFlush(
                    ByteBuffer(string: "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                ).get()
                // The server closes the silent connection after its idle timeout; the test's own bound is 20 s.
                let closed = try await ChildProcess.withTimeout(.seconds(20), describing: "the server closing") {
                    try await channel.closeFuture.get()
                    return true
                }
                #expect(closed)
            }
        }
    }
}
