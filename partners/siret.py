from stdnum import luhn


def make_siret(number: int) -> str:
    """A valid SIRET (Luhn-checked SIREN and SIRET) derived from a number: for demo and test data only."""
    siren_body = f"{number % 10**8:08d}"
    siren = siren_body + luhn.calc_check_digit(siren_body)
    nic_body = siren + "0001"
    return nic_body + luhn.calc_check_digit(nic_body)
