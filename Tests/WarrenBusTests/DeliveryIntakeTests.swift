import Testing

@testable import WarrenBus

@Suite("Delivery intake: one at a time until what came back unsettled is behind")
struct DeliveryIntakeTests {
    @Test("a subscription starts at prefetch 1 and opens at the first delivery that never came back unsettled")
    func opensAfterTheReturnedOnes() {
        var intake = DeliveryIntake(fullPrefetch: 20)
        #expect(intake.prefetch == 1)
        // Deliveries that came back unsettled (the head of a quorum queue after a crash): one at a time.
        let step1 = intake.received(cameBackUnsettled: true)
        #expect(!step1)
        let step2 = intake.received(cameBackUnsettled: true)
        #expect(!step2)
        // The first fresh one: cancel, handle it, subscribe again at full prefetch.
        let step3 = intake.received(cameBackUnsettled: false)
        #expect(step3)
        let step4 = intake.received(cameBackUnsettled: false)
        #expect(!step4, "one cancel per subscription")
        let step5 = intake.subscriptionEnded()
        #expect(step5)
        #expect(intake.prefetch == 20)
        let step6 = intake.received(cameBackUnsettled: false)
        #expect(!step6)
    }

    @Test("at full prefetch, a delivery that came back unsettled closes it again")
    func closesWhenAReturnedOneArrives() {
        var intake = DeliveryIntake(fullPrefetch: 50)
        let step7 = intake.received(cameBackUnsettled: false)
        #expect(step7)
        let step8 = intake.subscriptionEnded()
        #expect(step8)
        let step9 = intake.received(cameBackUnsettled: true)
        #expect(step9)
        let step10 = intake.received(cameBackUnsettled: true)
        #expect(!step10)
        let step11 = intake.subscriptionEnded()
        #expect(step11)
        #expect(intake.prefetch == 1)
    }

    @Test("a subscription cancelled for anything but a switch ends the consumer; a reconnect starts careful again")
    func stopAndRestart() {
        var intake = DeliveryIntake(fullPrefetch: 20)
        let step12 = intake.subscriptionEnded()
        #expect(!step12, "cancelled by stop(): do not subscribe again")
        let step13 = intake.received(cameBackUnsettled: false)
        #expect(step13)
        let step14 = intake.subscriptionEnded()
        #expect(step14)
        intake.restart()
        #expect(intake.prefetch == 1 && !intake.isSwitching)
    }

    @Test("a configured prefetch of 1 never switches")
    func prefetchOne() {
        var intake = DeliveryIntake(fullPrefetch: 1)
        let step15 = intake.received(cameBackUnsettled: false)
        #expect(!step15)
        let step16 = intake.received(cameBackUnsettled: true)
        #expect(!step16)
        let step17 = intake.subscriptionEnded()
        #expect(!step17)
        #expect(intake.prefetch == 1)
    }
}
