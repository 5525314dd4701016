from tests.permission_matrix.conftest import world  # noqa: F401 - the matrix's fixture objects of society A
