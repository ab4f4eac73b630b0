"""Events the cases service consumes."""

from passerelle.contracts import topics
from passerelle.messaging.consumer import Consumer
from cases.service_layer import handlers


def consumers() -> list[Consumer]:
    return [Consumer(name="cases", topics=(topics.REFERRALS,),
                     handlers={"referral.accepted": handlers.open_case_from_referral})]
